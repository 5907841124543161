import type { Knex } from 'knex';
import type { AdminRepositories, AdminStore } from '../../../domain/admin/ports';
import { repositoriesFor } from '../knex-store';
import { partnerLevelAdministration, resellerAdministration } from './resellers';
import { invitationRepository, userAdministration } from './users';
import { priceAdministration } from './prices';
import { licenseAdministration } from './licenses';
import { couponAdministration } from './coupons';
import { broadcastRepository } from './broadcasts';
import { auditSearch } from './audit';

/** Every repository of one transaction, with the administrator's. */
export function adminRepositoriesFor(db: Knex.Transaction): AdminRepositories {
  return {
    ...repositoriesFor(db),
    admin: {
      resellers: resellerAdministration(db),
      levels: partnerLevelAdministration(db),
      users: userAdministration(db),
      invitations: invitationRepository(db),
      prices: priceAdministration(db),
      licenses: licenseAdministration(db),
      coupons: couponAdministration(db),
      broadcasts: broadcastRepository(db),
      audit: auditSearch(db),
    },
  };
}

/** The PostgreSQL store of the Admin portal. */
export function knexAdminStore(knex: Knex): AdminStore {
  return { transaction: (work) => knex.transaction((trx) => work(adminRepositoriesFor(trx))) };
}
