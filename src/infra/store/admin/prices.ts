import type { Knex } from 'knex';
import type { PriceAdministration } from '../../../domain/admin/ports';

export function priceAdministration(db: Knex.Transaction): PriceAdministration {
  return {
    async save(entries) {
      if (entries.length === 0) return;
      await db('catalog_prices')
        .insert(entries.map((e) => ({ edition: e.edition, sc: e.sc, kind: e.kind, price_cents: e.priceCents, effective_from: e.effectiveFrom })))
        .onConflict(['edition', 'sc', 'kind', 'effective_from']).merge(['price_cents']);
    },
  };
}
