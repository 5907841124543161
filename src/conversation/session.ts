import { may, type Permission } from '../domain/accounts/roles';
import type { ConversationState, ResellerSession } from './state';

/** The state's reseller session: undefined when nobody, or one of the distributor's staff, is logged in. */
export function resellerOf(state: Pick<ConversationState, 'session'>): ResellerSession | undefined {
  return state.session && state.session.account !== 'staff' ? state.session : undefined;
}

/** The state's session with a new cart count, as a patch of the state. */
export function withCartCount(state: ConversationState, cartCount: number): Partial<ConversationState> {
  const session = resellerOf(state);
  return session ? { session: { ...session, cartCount } } : {};
}

/** Whether the state's reseller user may do `permission` (nobody else may). */
export function mayDo(state: Pick<ConversationState, 'session'>, permission: Permission): boolean {
  const session = resellerOf(state);
  return session ? may(session.role, permission) : false;
}
