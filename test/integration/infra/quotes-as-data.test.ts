// Migration 008: cart lines saved with an English description get the data the wording needs
// (the key, the size an upgrade starts from), and going down writes the descriptions again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as migration from '../../../migrations/20261203_008_quotes_as_data';
import { demoStore } from '../../support/demo-store';

describe('migration 008: quotes as data', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => demo?.drop());

  it('fills in the key and the upgrade’s starting size from the request and the license, and drops the description; down writes it again', async () => {
    const { user } = await demo.userNamed('demo');
    const license = await demo.knex('licenses').where({ license_key: 'H3LT-9W2E-6RQ1-PK7V' }).first('id');
    const [cart] = await demo.knex('carts').insert({ reseller_user_id: user.id, reseller_id: user.resellerId }).returning('id');
    const upgradeDescription = 'Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Professional 32 SC, 200 days remaining';
    const newDescription = 'Professional 16 SC, 2 licenses, 2 years';
    const line = (kind: string, licenseId: string | null, request: object, quote: object) => ({
      cart_id: cart.id, kind, license_id: licenseId, request, quote, list_cents: (quote as { listCents: number }).listCents, quoted_on: '2026-11-26',
    });
    await demo.knex('cart_lines').insert([
      line('upgrade', license.id, { kind: 'upgrade', licenseId: license.id, licenseKey: 'H3LT-9W2E-6RQ1-PK7V', toEdition: 'professional', toSc: 32 },
        { kind: 'upgrade', listCents: 32877, description: upgradeDescription, unitPriceCents: 60000, remainingDays: 200, newExpiresOn: '2027-06-14', quantity: 1, years: 0, edition: 'professional', sc: 32 }),
      line('new_license', null, { kind: 'new_license', edition: 'professional', sc: 16, quantity: 2, additionalYears: 1, customerId: null },
        { kind: 'new_license', listCents: 238000, description: newDescription, unitPriceCents: 59500, newExpiresOn: '2028-11-26', quantity: 2, years: 2, edition: 'professional', sc: 16 }),
    ]);

    await migration.up(demo.knex);
    const [upgrade, fresh] = await demo.knex('cart_lines').where({ cart_id: cart.id }).orderBy('seq').pluck('quote');
    expect(upgrade).toMatchObject({ licenseKey: 'H3LT-9W2E-6RQ1-PK7V', fromEdition: 'professional', fromSc: 16 });
    expect(upgrade).not.toHaveProperty('description');
    expect(fresh).not.toHaveProperty('description');
    expect(fresh).not.toHaveProperty('licenseKey');

    await migration.down(demo.knex);
    const descriptions = await demo.knex('cart_lines').where({ cart_id: cart.id }).orderBy('seq').select(demo.knex.raw(`quote->>'description' as d`));
    expect(descriptions.map((r: { d: string }) => r.d)).toEqual([upgradeDescription, newDescription]);
    await migration.up(demo.knex);
  });
});
