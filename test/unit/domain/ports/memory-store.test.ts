// The in-memory twin of the PostgreSQL store behaves as the SQL in src/infra/store does.
import { describe, expect, it } from 'vitest';
import type { NewOrder, Repositories } from '../../../../src/domain/ports';
import type { LineQuote } from '../../../../src/domain/pricing/line';
import { fakeLicenseProvider, testLicenseKey } from '../../../fakes/fake-license-provider';
import type { FulfilmentStep } from '../../../../src/domain/orders/fulfilment';
import type { OrderLine } from '../../../../src/domain/orders/order';
import { MemoryDatabaseError, memoryStore } from '../../../fakes/memory-store';
import { NOW, RESELLER_ID, TODAY, aCoupon, aCustomer, aPerpetualLicense, aUser, aWorld, anAnnualLicense, testUuid } from '../../../fakes/mother';

const owner = aUser({ username: 'Owner' });
const license = anAnnualLicense({ key: 'ABCD-EFGH-JKLM-NP23' });
const coupon = aCoupon({ code: 'Spring5' });

function setUp() {
  const customer = aCustomer({ company: 'Acme Hospital' });
  return memoryStore(aWorld({ users: [owner], customers: [customer], licenses: [license, aPerpetualLicense({ customerId: customer.id })], coupons: [coupon] }));
}

function aNewOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    resellerId: RESELLER_ID, placedBy: owner.id, channel: 'console', chatId: null, idempotencyKey: 'k-1', paymentMethod: 'offline',
    currency: 'EUR', partnerDiscountBp: 2500, vatRateBp: 2100, vatTreatment: 'domestic', listCents: 59_500, partnerDiscountCents: 14_875, subtotalCents: 44_625,
    couponId: null, couponCode: null, couponCents: 0, taxableCents: 44_625, vatCents: 9_371, totalCents: 53_996, placedOn: TODAY,
    placedAt: NOW, expiresAt: null,
    lines: [{
      kind: 'new_license', description: 'Professional 16 SC, 1 license, 1 year', edition: 'professional', sc: 16, quantity: 1, years: 1,
      licenseId: null, licenseKey: null, fromEdition: null, fromSc: null, remainingDays: null, endCustomerId: null, unitPriceCents: 59_500,
      listCents: 59_500, partnerDiscountCents: 14_875, netCents: 44_625, newTermEnd: '2027-11-26',
    }],
    ...overrides,
  };
}
const reference = (n: number) => `REF-${n}`;
const quote: LineQuote = { kind: 'new_license', listCents: 59_500, unitPriceCents: 59_500 };
const deferred = () => {
  let release = () => {};
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
};

describe('memory store transactions', () => {
  it('leave nothing behind when the work throws, and pass the error on', async () => {
    const store = setUp();
    const before = structuredClone(store.state);
    const failing = store.transaction(async (repos) => {
      await repos.carts.add(owner.id, RESELLER_ID, { request: { kind: 'new_license', edition: 'professional', sc: 16, quantity: 1, additionalYears: 0, customerId: null }, quote, quotedOn: TODAY });
      await repos.orders.insert(aNewOrder(), reference);
      await repos.invoices.nextNumber(2026);
      await repos.audit.append({ actor: 'test', action: 'x', subject: null, details: {} });
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(store.state).toEqual(before);
  });

  it('run one at a time, in the order they were asked for', async () => {
    const store = setUp();
    const gate = deferred();
    const log: string[] = [];
    const first = store.transaction(async (repos) => {
      log.push('first starts');
      const user = await repos.users.lockByUsername('owner');
      await gate.promise;
      await repos.users.saveLoginRecord(owner.id, { failedAttempts: (user?.failedAttempts ?? 0) + 1, lockedUntil: null }, null);
      log.push('first ends');
    });
    const second = store.transaction(async (repos) => {
      log.push('second starts');
      const user = await repos.users.lockByUsername('owner');
      await repos.users.saveLoginRecord(owner.id, { failedAttempts: (user?.failedAttempts ?? 0) + 1, lockedUntil: null }, null);
      log.push('second ends');
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual(['first starts']);
    gate.release();
    await Promise.all([first, second]);
    expect(log).toEqual(['first starts', 'first ends', 'second starts', 'second ends']);
    expect(store.state.users[0]?.failedAttempts).toBe(2);
  });

  it('go on after a failed one', async () => {
    const store = setUp();
    const failed = store.transaction(async () => {
      throw new Error('first fails');
    });
    const next = store.transaction(async (repos) => (await repos.users.findByUsername('OWNER'))?.id);
    await expect(failed).rejects.toThrow('first fails');
    await expect(next).resolves.toBe(owner.id);
  });

  it('refuse to start inside a running transaction (it would wait for itself)', async () => {
    const store = setUp();
    await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(/inside a running transaction/);
  });

  it('refuse repositories used after their transaction ended', async () => {
    const store = setUp();
    let leaked: Repositories | undefined;
    await store.transaction(async (repos) => {
      leaked = repos;
    });
    await expect(leaked?.users.findByUsername('owner') ?? Promise.resolve()).rejects.toThrow(/after its transaction ended/);
  });

  it('behave as PostgreSQL after a failed statement: the rest is refused and nothing is kept', async () => {
    const store = setUp();
    const log: string[] = [];
    const result = await store.transaction(async (repos) => {
      await repos.audit.append({ actor: 'test', action: 'before', subject: null, details: {} });
      await repos.orders.get('not-a-uuid').catch((error: MemoryDatabaseError) => log.push(error.code));
      await repos.audit.append({ actor: 'test', action: 'after', subject: null, details: {} }).catch((error: MemoryDatabaseError) => log.push(error.code));
      return 'committed?';
    });
    // COMMIT of an aborted transaction is a ROLLBACK, and knex resolves it all the same.
    expect(result).toBe('committed?');
    expect(log).toEqual(['22P02', '25P02']);
    expect(store.state.audit).toEqual([]);
  });

  it('hand out copies: changing a returned row changes nothing stored', async () => {
    const store = setUp();
    await store.transaction(async (repos) => {
      const found = await repos.licenses.findByKey(license.key);
      if (found) found.sc = 1024;
    });
    expect(store.state.licenses[0]?.sc).toBe(16);
  });
});

describe('memory store tables', () => {
  const run = <T>(store: ReturnType<typeof setUp>, work: (repos: Repositories) => Promise<T>) => store.transaction(work);

  it('refuse a malformed uuid as PostgreSQL does (22P02)', async () => {
    const store = setUp();
    await expect(run(store, (repos) => repos.orders.get('order-1'))).rejects.toMatchObject({ code: '22P02' });
    expect(await run(store, (repos) => repos.orders.get(testUuid(424_242)))).toBeUndefined();
  });

  it('find users and coupons case-insensitively', async () => {
    const store = setUp();
    expect(await run(store, (repos) => repos.users.findByUsername('OWNER'))).toMatchObject({ id: owner.id, username: 'Owner' });
    expect(await run(store, (repos) => repos.coupons.findByCode('  spring5 '))).toEqual(coupon);
  });

  it('join the customer name on look-ups by key and lists, not on getMany or insert', async () => {
    const store = setUp();
    const perpetual = store.state.licenses[1];
    await run(store, async (repos) => {
      expect(await repos.licenses.findByKey(perpetual?.key ?? '')).toMatchObject({ customerName: 'Acme Hospital' });
      expect((await repos.licenses.listFor(RESELLER_ID, { offset: 0, limit: 10 })).items.map((l) => [l.key, l.customerName])).toEqual([
        [perpetual?.key, 'Acme Hospital'],
        [license.key, null],
      ]);
      expect((await repos.licenses.getMany([perpetual?.id ?? ''])).map((l) => l.customerName)).toEqual([null]);
    });
  });

  it('count coupon reservations and redemptions, not released ones', async () => {
    const store = setUp();
    const usage = await run(store, async (repos) => {
      const orders = [];
      for (const key of ['a', 'b', 'c']) {
        orders.push(await repos.orders.insert(aNewOrder({ idempotencyKey: key, couponId: coupon.id, couponCode: coupon.code, couponCents: 1, taxableCents: 44_624, totalCents: 53_995 }), reference));
      }
      const [a, b, c] = orders.map((o) => o?.id ?? '');
      await repos.coupons.reserve(coupon.id, RESELLER_ID, a ?? '', NOW);
      await repos.coupons.reserve(coupon.id, RESELLER_ID, b ?? '', NOW);
      await repos.coupons.reserve(coupon.id, RESELLER_ID, c ?? '', NOW);
      await repos.coupons.redeem(a ?? '', NOW);
      await repos.coupons.release(b ?? '', NOW);
      // Only a reservation is released or redeemed.
      await repos.coupons.release(a ?? '', NOW);
      return [await repos.coupons.usage(coupon.id, RESELLER_ID), await repos.coupons.usage(coupon.id, testUuid(2))];
    });
    expect(usage).toEqual([{ total: 2, byReseller: 2 }, { total: 2, byReseller: 0 }]);
    const orderC = store.state.couponRedemptions[2]?.orderId ?? '';
    await expect(run(store, (repos) => repos.coupons.reserve(coupon.id, RESELLER_ID, orderC, NOW))).rejects.toMatchObject({ code: '23505' });
    expect(store.state.couponRedemptions.map((r) => r.status)).toEqual(['redeemed', 'released', 'reserved']);
  });

  it('insert an order once per idempotency key, numbering from 1, and use a number even on a duplicate', async () => {
    const store = setUp();
    const numbers = await run(store, async (repos) => {
      const first = await repos.orders.insert(aNewOrder({ idempotencyKey: 'same' }), reference);
      const duplicate = await repos.orders.insert(aNewOrder({ idempotencyKey: 'same' }), reference);
      const next = await repos.orders.insert(aNewOrder({ idempotencyKey: 'other' }), reference);
      return [first?.number, duplicate, next?.number, next?.paymentReference];
    });
    expect(numbers).toEqual([1, undefined, 3, 'REF-3']);
  });

  it('do not give an order number back on rollback (an identity), but do give an invoice number back', async () => {
    const store = setUp();
    await expect(run(store, async (repos) => {
      await repos.orders.insert(aNewOrder({ idempotencyKey: 'x' }), reference);
      await repos.invoices.nextNumber(2026);
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    const after = await run(store, async (repos) => [(await repos.orders.insert(aNewOrder({ idempotencyKey: 'x' }), reference))?.number, await repos.invoices.nextNumber(2026), await repos.invoices.nextNumber(2026)]);
    expect(after).toEqual([2, 1, 2]);
  });

  it('move an order only from the status it is in', async () => {
    const store = setUp();
    const moves = await run(store, async (repos) => {
      const order = await repos.orders.insert(aNewOrder(), reference);
      const id = order?.id ?? '';
      return [
        await repos.orders.transition(id, 'paid', 'fulfilled', NOW),
        await repos.orders.transition(id, 'awaiting_payment', 'cancelled', NOW, 'why not'),
        await repos.orders.transition(id, 'awaiting_payment', 'expired', NOW),
        (await repos.orders.get(id))?.closeReason,
      ];
    });
    expect(moves).toEqual([false, true, false, 'why not']);
  });

  it('check an order’s figures as the orders_figures constraint does', async () => {
    const store = setUp();
    await expect(run(store, (repos) => repos.orders.insert(aNewOrder({ totalCents: 1 }), reference))).rejects.toMatchObject({ code: '23514', constraint: 'orders_figures' });
    expect(store.state.orders).toEqual([]);
  });

  it('record a license event once per order line and license', async () => {
    const store = setUp();
    const results = await run(store, async (repos) => {
      const event = { licenseId: license.id, kind: 'renewed' as const, orderId: testUuid(7), orderLineId: testUuid(8), before: null, after: { years: 1 }, actor: 't' };
      const imported = { ...event, kind: 'imported' as const, orderId: null, orderLineId: null };
      return [await repos.licenses.addEvent(event), await repos.licenses.addEvent(event), await repos.licenses.addEvent(imported), await repos.licenses.addEvent(imported)];
    });
    expect(results).toEqual([true, false, true, true]);
    expect(store.state.licenseEvents).toHaveLength(3);
  });

  it('refuse a second completed payment of one order, and merge a repeated one', async () => {
    const store = setUp();
    await run(store, async (repos) => {
      const order = await repos.orders.insert(aNewOrder(), reference);
      const payment = { orderId: order?.id ?? '', method: 'card' as const, providerRef: 'cs_1', status: 'pending', amountCents: 53_996, currency: 'EUR', confirmedBy: null, details: { a: 1 } };
      expect(await repos.payments.upsert(payment)).toEqual({ previousStatus: null });
      expect(await repos.payments.upsert({ ...payment, status: 'completed', amountCents: 1, details: { b: 2 } })).toEqual({ previousStatus: 'pending' });
      expect(await repos.payments.forOrder(order?.id ?? '')).toEqual([{ ...payment, status: 'completed', details: { b: 2 } }]);
    });
    const orderId = store.state.orders[0]?.id ?? '';
    const second = { orderId, method: 'card' as const, providerRef: 'cs_2', status: 'completed', amountCents: 53_996, currency: 'EUR', confirmedBy: null, details: {} };
    await expect(run(store, (repos) => repos.payments.upsert(second))).rejects.toMatchObject({ code: '23505', constraint: 'payments_one_completed' });
  });

  it('add a customer once per company name, whatever its case', async () => {
    const store = setUp();
    const [a, b] = await run(store, async (repos) => [await repos.customers.add(RESELLER_ID, ' Zeta Clinic ', null), await repos.customers.add(RESELLER_ID, 'ZETA CLINIC', 'x@zeta.test')]);
    expect(b).toEqual(a);
    expect(a).toMatchObject({ company: 'Zeta Clinic', email: null });
    expect((await run(store, (repos) => repos.customers.listFor(RESELLER_ID))).map((c) => c.company)).toEqual(['Acme Hospital', 'Zeta Clinic']);
  });

  it('refuse a license that breaks the licenses table’s checks', async () => {
    const store = setUp();
    const base = { key: 'QQQQ-QQQQ-QQQQ-QQQQ', resellerId: RESELLER_ID, customerId: null, type: 'annual' as const, edition: 'professional' as const, sc: 16, expiresOn: '2027-01-01', maintenanceUntil: null };
    for (const [change, constraint] of [
      [{ key: 'qqqq-QQQQ-QQQQ-QQQQ' }, 'licenses_key_format'],
      [{ sc: 20 }, 'licenses_sc'],
      [{ maintenanceUntil: '2027-01-01' }, 'licenses_term'],
      [{ key: license.key }, 'licenses_license_key_unique'],
    ] as const) {
      await expect(run(store, (repos) => repos.licenses.insert({ ...base, ...change }))).rejects.toMatchObject({ constraint });
    }
    await expect(run(store, (repos) => repos.licenses.updateTerms(license.id, { maintenanceUntil: '2028-01-01' }))).rejects.toBeInstanceOf(MemoryDatabaseError);
    expect(store.state.licenses).toHaveLength(2);
  });

  it('check seeds as inserts', () => {
    expect(() => memoryStore(aWorld({ users: [aUser({ username: 'a' }), aUser({ username: 'A' })] }))).toThrow(/reseller_users_username/);
    expect(() => memoryStore(aWorld({ licenses: [anAnnualLicense({ id: 'lic-1' })] }))).toThrow(/invalid input syntax for type uuid/);
    expect(() => memoryStore({ users: [aUser()] })).toThrow(/foreign key/);
  });

  it('keep a login name unique across reseller users and staff users, as login_names does', async () => {
    const staff = { id: testUuid(88), username: 'Staff1', name: 'Sam Staff', role: 'staff' as const, passwordHash: 'plain$x', failedAttempts: 0, lockedUntil: null, active: true };
    expect(() => memoryStore(aWorld({ users: [aUser({ username: 'staff1' })], staffUsers: [staff] }))).toThrow(/login_names_pkey/);
    const store = memoryStore(aWorld({ staffUsers: [staff] }));
    expect(await run(store, (repos) => repos.staff.findByUsername('STAFF1'))).toEqual(staff);
    expect(await run(store, (repos) => repos.staff.get(testUuid(88)))).toEqual(staff);
    expect(await run(store, (repos) => repos.staff.findByUsername('nobody'))).toBeUndefined();
  });

  it('link a chat identity to one user at a time, relinking on conflict, and unlink it', async () => {
    const store = memoryStore(aWorld({ users: [owner, aUser({ id: testUuid(77) })] }));
    const chat = { channel: 'telegram' as const, externalUserId: '42', chatId: '42' };
    await run(store, async (repos) => {
      await repos.identities.link(chat, owner.id);
      await repos.identities.link(chat, testUuid(77));
      await repos.identities.link({ ...chat, chatId: '-100' }, owner.id);
      await repos.identities.unlink({ ...chat, chatId: '-100' });
    });
    await expect(run(store, (repos) => repos.identities.link({ ...chat, chatId: '7' }, testUuid(78)))).rejects.toMatchObject({ code: '23503' });
    expect(store.state.identities.map((i) => [i.chatId, i.userId])).toEqual([['42', testUuid(77)], ['-100', null]]);
  });

  it('throw when the distributor settings are missing, as the real store does', async () => {
    await expect(memoryStore().transaction((repos) => repos.distributor.get())).rejects.toThrow(/distributor settings are missing/);
  });
});

describe('fake license provider', () => {
  it('issues keys in the real format from a counter, skipping keys that exist', async () => {
    expect(testLicenseKey(1)).toBe('TEST-0000-0000-0001');
    expect(testLicenseKey(123_456_789)).toBe('TEST-0001-2345-6789');
    const taken = anAnnualLicense({ key: testLicenseKey(2) });
    const store = memoryStore(aWorld({ licenses: [taken] }));
    const provider = fakeLicenseProvider();
    const line = { id: 'l', years: 1 } as OrderLine;
    const steps: FulfilmentStep[] = [{ kind: 'issue', line, count: 3, edition: 'professional', sc: 8, expiresOn: '2027-11-26', endCustomerId: null }];
    const placement = await store.transaction((repos) => provider.place({ orderId: 'o', orderNumber: 1, partnerId: 'P-1', steps }, repos));
    const keys = placement.lines.flatMap((l) => (l.outcome === 'done' ? l.licenses.map((x) => x.key) : []));
    expect(keys).toEqual(['TEST-0000-0000-0001', 'TEST-0000-0000-0003', 'TEST-0000-0000-0004']);
    expect(keys.every((k) => /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/.test(k))).toBe(true);
    expect(await store.transaction((repos) => provider.lookup(taken.key, repos))).toMatchObject({ id: taken.id });
  });
});
