// The team flow's words (an owner managing their company's users), in English. The list, a
// user's card, the roles, the confirmations and what an action came to are the people flow's
// words, and the invitation's the admin flow's: an owner reads what an administrator reads.
import type { Role } from '../../../domain/accounts/roles';
import type { TeamMember } from './types';

const CHANNELS: Record<string, string> = { telegram: 'Telegram', slack: 'Slack', console: 'console' };

/** Chats of one kind by channel, as "Telegram, Slack ×2". */
function byChannel(chats: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const c of chats) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${CHANNELS[c] ?? c}${n > 1 ? ` ×${n}` : ''}`).join(', ');
}

/** The chats a user is logged in from, private and groups apart: "private chats: Telegram, Slack ×2; groups: Slack". */
function chatsOf(u: TeamMember): string {
  const groups = u.groups ?? [];
  if (u.chats.length === 0 && groups.length === 0) return 'no chat';
  return [...(u.chats.length > 0 ? [`private chats: ${byChannel(u.chats)}`] : []), ...(groups.length > 0 ? [`groups: ${byChannel(groups)}`] : [])].join('; ');
}

export const teamWords = {
  menuButton: 'Team',
  /** Why a purchase, sales or support user gets no team: it is an owner's. */
  ownersOnly: (role: Role) => `Your role (${role}) does not manage users: inviting a colleague, giving one a new password code, changing a role or removing a user is done by an owner of your company. Ask an owner.`,
  /** What follows a user's line of the list: active users' chats (a removed user is logged in nowhere). */
  chats: (u: TeamMember) => (u.active ? ` — ${chatsOf(u)}` : ''),
  /** The card's line of the chats. */
  chatsLine: (u: TeamMember) => `Logged in from ${chatsOf(u)}.`,
  ownCard: 'This is you: another owner of your company (or your distributor) can give you a new password code, change your role or remove you.',
  ownRole: 'Nothing was done: you cannot change your own role (another owner of your company can).',
  yourself: 'Nothing was done: you cannot remove yourself (another owner of your company can).',
  ownCode: 'Nothing was done: you cannot give yourself a new password code (another owner of your company, or your distributor, can).',
  notAvailable: 'Users cannot be managed from this chat now.',
  invitePrivately: 'Invite a colleague in your private chat with me: their one-time code must not be read by others in this group.',
  resetPrivately: 'Give a colleague a new password code in your private chat with me: the code must not be read by others in this group.',
  toTeam: 'Team',
};
