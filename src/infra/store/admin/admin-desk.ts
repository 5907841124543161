import type { Knex } from 'knex';
import type { AdminDesk } from '../../../conversation/flows/admin/commands';
import { searchAudit } from '../../../domain/use-cases/admin/audit';
import { setResellerSuspended } from '../../../domain/use-cases/admin/resellers';
import { inviteUser } from '../../../domain/use-cases/admin/users';
import type { PasswordHasher, VatNumberChecker } from '../../../domain/ports';
import { invitationCodes } from '../../auth/invitation-codes';
import { knexAdminStore } from './admin-store';
import { catalogueDesk } from './catalogue-desk';
import { peopleDesk } from './people-desk';

/** The chat's way to the Admin portal's use cases: each is a transaction of its own, as from the CLI. */
export function adminDesk(knex: Knex, deps: { hasher: PasswordHasher; telegramBot: string | null; vatChecker?: VatNumberChecker | null }): AdminDesk {
  const store = knexAdminStore(knex);
  const codes = invitationCodes();
  return {
    ...catalogueDesk(store),
    telegramBot: deps.telegramBot,
    people: peopleDesk(store, { codes, vatChecker: deps.vatChecker ?? null }),
    invite: (input) => inviteUser(store, { codes, hasher: deps.hasher }, input),
    searchAudit: (input) => searchAudit(store, input),
    setSuspended: (input) => setResellerSuspended(store, input),
  };
}
