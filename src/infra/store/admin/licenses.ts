import type { Knex } from 'knex';
import type { LicenseAdministration } from '../../../domain/admin/ports';
import type { RecordedLicense } from '../../../domain/admin/license-import';
import { toLicense } from '../rows';

// Keys looked up per statement: a file of thousands of licenses is read in a few statements.
const KEYS_PER_LOOKUP = 1000;

export function licenseAdministration(db: Knex.Transaction): LicenseAdministration {
  const recorded = () =>
    db('licenses as l')
      .join('resellers as r', 'r.id', 'l.reseller_id')
      .leftJoin('end_customers as c', 'c.id', 'l.end_customer_id')
      .select('l.*', 'c.company as customer_name', 'r.partner_id');
  const toRecorded = (r: Record<string, unknown>): RecordedLicense => ({ ...toLicense(r), partnerId: String(r.partner_id) });
  return {
    async lockImports() {
      // One load at a time: the second reads what the first recorded (a transaction-level lock,
      // released at its commit or rollback). The number is this lock's own.
      await db.raw('select pg_advisory_xact_lock(?)', [LICENSE_IMPORT_LOCK]);
    },
    async byKeys(keys) {
      const found: RecordedLicense[] = [];
      for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
        const rows = await recorded().whereIn('l.license_key', keys.slice(i, i + KEYS_PER_LOOKUP)).forUpdate('l');
        found.push(...rows.map(toRecorded));
      }
      return found;
    },
    async list(partnerId) {
      const query = recorded().orderBy(['r.partner_id', 'l.license_key']);
      return (await (partnerId === null ? query : query.where('r.partner_id', partnerId))).map(toRecorded);
    },
  };
}

/** pg_advisory_xact_lock's key for loading licenses (any number no other lock of the product uses). */
const LICENSE_IMPORT_LOCK = 3_070_001;
