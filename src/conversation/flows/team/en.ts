// The team flow's words (an owner managing their company's users), in English. The list, a
// user's card, the roles, the confirmations and what an action came to are the people flow's
// words, and the invitation's the admin flow's: an owner reads what an administrator reads.
import type { Role } from '../../../domain/accounts/roles';
import type { TeamMember } from './types';

const CHANNELS: Record<string, string> = { telegram: 'Telegram', slack: 'Slack', console: 'console' };

/** The chats a user is logged in from, as "Telegram, Slack ×2". */
function chatsOf(chats: readonly string[]): string {
  if (chats.length === 0) return 'no chat';
  const counts = new Map<string, number>();
  for (const c of chats) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${CHANNELS[c] ?? c}${n > 1 ? ` ×${n}` : ''}`).join(', ');
}

export const teamWords = {
  menuButton: 'Team',
  /** Why a purchase, sales or support user gets no team: it is an owner's. */
  ownersOnly: (role: Role) => `Your role (${role}) does not manage users: inviting a colleague, changing a role or removing a user is done by an owner of your company. Ask an owner.`,
  /** What follows a user's line of the list: active users' chats (a removed user is logged in nowhere). */
  chats: (u: TeamMember) => (u.active ? ` — chats: ${chatsOf(u.chats)}` : ''),
  /** The card's line of the chats. */
  chatsLine: (u: TeamMember) => `Logged in from: ${chatsOf(u.chats)}.`,
  ownCard: 'This is you: another owner of your company (or your distributor) can change your role or remove you.',
  ownRole: 'Nothing was done: you cannot change your own role (another owner of your company can).',
  yourself: 'Nothing was done: you cannot remove yourself (another owner of your company can).',
  notAvailable: 'Users cannot be managed from this chat now.',
  invitePrivately: 'Invite a colleague in your private chat with me: their one-time code must not be read by others in this group.',
  toTeam: 'Team',
};
