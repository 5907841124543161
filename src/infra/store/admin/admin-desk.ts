import type { Knex } from 'knex';
import type { AdminDesk } from '../../../conversation/flows/admin/commands';
import { searchAudit } from '../../../domain/use-cases/admin/audit';
import { setResellerSuspended } from '../../../domain/use-cases/admin/resellers';
import { knexAdminStore } from './admin-store';

/** The chat's way to the Admin portal's use cases: each is a transaction of its own, as from the CLI. */
export function adminDesk(knex: Knex): AdminDesk {
  const store = knexAdminStore(knex);
  return {
    searchAudit: (input) => searchAudit(store, input),
    setSuspended: (input) => setResellerSuspended(store, input),
  };
}
