// A saved state read back: it may come from an earlier version of this code, or be damaged.
// Whatever it is, the conversation goes on from something it can show.
import { isRole } from '../domain/accounts/roles';
import { STEPS } from './flows/index';
import { STATE_VERSION, type ConversationState, type Session } from './state';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A session as the conversation can use it, or null. */
function sessionOf(v: unknown): Session | null {
  if (!isObject(v)) return null;
  if (v.account === 'staff') {
    const staff = typeof v.staffId === 'string' && typeof v.name === 'string' && (v.staffRole === 'staff' || v.staffRole === 'admin')
      && (v.waiting === undefined || (Number.isInteger(v.waiting) && (v.waiting as number) >= 0));
    return staff ? (v as unknown as Session) : null;
  }
  if (v.account !== undefined && v.account !== 'reseller') return null;
  const ok = typeof v.userId === 'string' && typeof v.name === 'string' && typeof v.role === 'string' && isRole(v.role) && typeof v.company === 'string'
    && typeof v.currency === 'string' && [v.cartCount, v.discountBp, v.vatBp].every((n) => Number.isInteger(n) && (n as number) >= 0);
  return ok ? (v as unknown as Session) : null;
}

/**
 * A saved state as this code can use it (`null` for a conversation never saved). A state of
 * this version whose step is known is used as it is; anything else keeps a valid session and
 * nonce (so that its old buttons stay stale) and goes to the main menu, or to the login.
 */
export function restoreState(saved: unknown): ConversationState | null {
  if (saved === null || saved === undefined) return null;
  const s = isObject(saved) ? saved : {};
  const session = sessionOf(s.session);
  const nonce = Number.isSafeInteger(s.nonce) && (s.nonce as number) >= 0 ? (s.nonce as number) : 0;
  const step = isObject(s.step) && typeof s.step.name === 'string' && Object.hasOwn(STEPS, s.step.name) ? s.step : undefined;
  if (s.version === STATE_VERSION && step && session === s.session && nonce === s.nonce && Number.isSafeInteger(s.misses)) return saved as ConversationState;
  return { version: STATE_VERSION, session, step: session ? { name: 'menu' } : { name: 'login_username' }, nonce, misses: 0 };
}
