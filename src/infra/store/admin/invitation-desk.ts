import type { Knex } from 'knex';
import type { InvitationDesk } from '../../../conversation/flows/login/invitation';
import type { PasswordHasher } from '../../../domain/ports';
import { checkInvitationCode, completeInvitation } from '../../../domain/use-cases/invitations';
import { invitationCodes } from '../../auth/invitation-codes';
import { knexAdminStore } from './admin-store';

/** The chat's way to one-time codes: each check and use is a transaction of its own. */
export function invitationDesk(knex: Knex, hasher: PasswordHasher): InvitationDesk {
  const store = knexAdminStore(knex);
  const codes = invitationCodes();
  return {
    check: (code, now) => checkInvitationCode(store, codes, { code, now }),
    complete: (input) => completeInvitation(store, hasher, input),
  };
}
