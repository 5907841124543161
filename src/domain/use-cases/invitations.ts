// Redeeming a one-time code an administrator gave: sent to the bot (on Telegram also as
// `/start <code>`), it names the person; with a password they choose, the code is used up,
// the password set and, for a reseller user, that chat account linked to them.
import type { Account, AdminStore, InvitationCodes } from '../admin/ports';
import type { ChannelIdentity, PasswordHasher } from '../ports';

export type CodeRefusal = { kind: 'unknown_code' | 'code_used' | 'code_expired' | 'account_inactive' };

export type CodeCheck = { kind: 'valid'; invitationId: string; name: string; username: string } | CodeRefusal;

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 200;

/** Whether a typed code is one that works now; the person it is for. */
export async function checkInvitationCode(store: AdminStore, codes: InvitationCodes, input: { code: string; now: Date }): Promise<CodeCheck> {
  const hash = codes.hashOf(input.code);
  if (!hash) return { kind: 'unknown_code' };
  return store.transaction(async (repos): Promise<CodeCheck> => {
    const invitation = await repos.admin.invitations.findByHash(hash);
    if (!invitation || invitation.revokedAt) return { kind: 'unknown_code' };
    const account = (await repos.admin.users.get(invitation.account)) ?? null;
    const refusal = refusalOf(invitation, account, input.now);
    if (refusal || !account) return refusal ?? { kind: 'account_inactive' };
    return { kind: 'valid', invitationId: invitation.id, name: account.user.name, username: account.user.username };
  });
}

function refusalOf(invitation: { usedAt: Date | null; expiresAt: Date; revokedAt: Date | null }, account: Account | null, now: Date): CodeRefusal | undefined {
  if (invitation.revokedAt) return { kind: 'unknown_code' };
  if (invitation.usedAt) return { kind: 'code_used' };
  if (invitation.expiresAt.getTime() <= now.getTime()) return { kind: 'code_expired' };
  if (!account?.user.active) return { kind: 'account_inactive' };
  return undefined;
}

export type InvitationResult =
  | { kind: 'password_set'; account: { kind: Account['kind']; id: string; username: string; name: string } }
  | { kind: 'weak_password' }
  | CodeRefusal;

/**
 * Uses an invitation checked before: sets the chosen password and, for a reseller user, links
 * the chat account it was redeemed from. A code used meanwhile (twice) or expired is refused.
 */
export async function completeInvitation(
  store: AdminStore,
  hasher: PasswordHasher,
  input: { invitationId: string; password: string; identity: ChannelIdentity; now: Date },
): Promise<InvitationResult> {
  if (input.password.length < MIN_PASSWORD || input.password.length > MAX_PASSWORD) return { kind: 'weak_password' };
  const hash = await hasher.hash(input.password);
  return store.transaction(async (repos): Promise<InvitationResult> => {
    const invitation = await repos.admin.invitations.get(input.invitationId, { forUpdate: true });
    if (!invitation) return { kind: 'unknown_code' };
    const account = (await repos.admin.users.get(invitation.account)) ?? null;
    const refusal = refusalOf(invitation, account, input.now);
    if (refusal || !account) return refusal ?? { kind: 'account_inactive' };
    await repos.admin.invitations.markUsed(invitation.id, input.now, input.identity.channel);
    await repos.admin.users.setPassword(invitation.account, hash);
    if (account.kind === 'reseller_user') await repos.identities.link(input.identity, account.user.id);
    await repos.audit.append({
      actor: `${account.kind === 'reseller_user' ? 'user' : 'staff'}:${account.user.id}`, action: invitation.purpose === 'invite' ? 'user.invitation_used' : 'user.password_reset_used',
      subject: `invitation:${invitation.id}`, details: { channel: input.identity.channel, externalUserId: input.identity.externalUserId },
    });
    return { kind: 'password_set', account: { kind: account.kind, id: account.user.id, username: account.user.username, name: account.user.name } };
  });
}
