// The login flow's hook for one-time codes an administrator gave: a code typed at the username
// prompt (on Telegram also `/start <code>`, what the t.me link sends) names the person, who then
// chooses a password at the same secret prompt as a login; a reseller user is logged in then.
import type { CodeCheck, InvitationResult } from '../../../domain/use-cases/invitations';
import { MIN_PASSWORD } from '../../../domain/use-cases/invitations';
import type { ChannelIdentity } from '../../../domain/ports';
import type { PublicCommandHandlers } from '../../commands';
import { next, type Next } from '../../flow';
import { say } from '../../reply';
import { t } from '../../wording';

/** Checks and uses codes (the Admin portal's store, outside the conversation's transaction). */
export interface InvitationDesk {
  check(code: string, now: Date): Promise<CodeCheck>;
  complete(input: { invitationId: string; password: string; identity: ChannelIdentity; now: Date }): Promise<InvitationResult>;
}

export type InvitationCommand = { kind: 'check_invitation'; code: string } | { kind: 'complete_invitation'; invitationId: string; password: string };

type Refusal = Exclude<CodeCheck, { kind: 'valid' }>['kind'] | 'weak_password' | 'not_available';
export type InvitationAnswer =
  | { kind: 'invitation_valid'; invitationId: string; name: string; username: string }
  | { kind: 'invitation_refused'; reason: Refusal }
  | { kind: 'invitation_used'; account: 'reseller_user' | 'staff_user'; username: string };

const CODE = /^(?:\/start\s+)?(inv-[a-hj-np-z2-9]{20})$/i;

/** The code in a text typed at the username prompt, if it is one. */
export function invitationCodeIn(text: string): string | undefined {
  return CODE.exec(text.trim())?.[1]?.toUpperCase();
}

export const invitationCommands: PublicCommandHandlers<InvitationCommand['kind']> = {
  check_invitation: async (command, { ctx }) => {
    if (!ctx.invitations) return { kind: 'invitation_refused', reason: 'not_available' };
    const result = await ctx.invitations.check(command.code, ctx.now);
    return result.kind === 'valid' ? { kind: 'invitation_valid', invitationId: result.invitationId, name: result.name, username: result.username } : { kind: 'invitation_refused', reason: result.kind };
  },
  complete_invitation: async (command, { ctx }) => {
    if (!ctx.invitations) return { kind: 'invitation_refused', reason: 'not_available' };
    const identity = { channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId };
    const result = await ctx.invitations.complete({ invitationId: command.invitationId, password: command.password, identity, now: ctx.now });
    return result.kind === 'password_set' ? { kind: 'invitation_used', account: result.account.kind, username: result.account.username } : { kind: 'invitation_refused', reason: result.kind };
  },
};

export const invitationAnswers = {
  invitation_valid: (a: Extract<InvitationAnswer, { kind: 'invitation_valid' }>): Next =>
    next.show({ name: 'login_password', username: a.username, invitationId: a.invitationId }, { say: [say(t.login.invitationWelcome(a.name, a.username, MIN_PASSWORD))] }),
  invitation_refused: (a: Extract<InvitationAnswer, { kind: 'invitation_refused' }>): Next => next.login(t.login.invitationRefused[a.reason]),
  // A reseller user's chat is linked now: the session starts as in a group a user logged in to privately.
  invitation_used: (a: Extract<InvitationAnswer, { kind: 'invitation_used' }>): Next =>
    a.account === 'reseller_user' ? next.run({ kind: 'linked_session' }, { say: [say(t.login.passwordChosen)] }) : next.login(t.login.staffPasswordChosen(a.username)),
};
