// Licenses from the 3CX Order API (LICENSE_PROVIDER=3cx) end to end, against a fake 3CX on
// loopback reached through THREECX_API_BASE_URL: lines are checked with read-only orders when
// quoted (3CX's error codes become the chat's refusals), a paid order is placed once with
// readonly=false after the money is recorded, and the keys and dates 3CX answers are what the
// user receives. 3CX down → retried, placed once; an answer lost after placing → never placed
// again, the user told that staff check it.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeAtProvider, recordPlacementByStaff, reopenPlacement } from '../../../src/domain/use-cases/placement';
import { settlePayment } from '../../../src/domain/use-cases/settle-payment';
import { addToCart, renewalSummary, toCouponStep, upgradeSummary } from '../../support/console-flows';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

describe('the 3CX Order API license provider', () => {
  let h: PaymentsHarness;
  let threecx: NonNullable<PaymentsHarness['threecx']>;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'redis', threecx: true });
    if (!h.threecx) throw new Error('the harness started no fake 3CX');
    threecx = h.threecx;
    await h.login();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function staffConfirms(order: PlacedOrder, reference = `BANK-${order.number}`) {
    const jobId = await h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference, amountCents: order.totalCents, currency: 'EUR', confirmedBy: 'staff:alice' });
    return (await h.jobs.waitFor(jobId, 20_000)) as { kind: string; status?: string };
  }

  /** The renewal of `key` for `years` in the cart, checked out and placed with `method`. */
  async function renewalOrder(key: string, years: number, method: 'offline' | 'multisafepay' = 'offline'): Promise<PlacedOrder> {
    const summary = await renewalSummary(h.chat, 'Renew annual license', key, years);
    expect(h.chat.text(summary)).toMatch(/List price/);
    await addToCart(h.chat);
    await toCouponStep(h.chat);
    await h.chat.press('Skip');
    return h.pay(method);
  }

  const placingCalls = () => threecx.calls.filter((c) => !c.readonly);

  it('places a paid new-license order at 3CX once and gives the user the keys 3CX issued', async () => {
    const order = await h.placeOrder({ method: 'offline', quantity: 2, years: 2 });
    // Quoting and checking out asked 3CX read-only questions only, with the partner key.
    expect(threecx.calls.length).toBeGreaterThan(0);
    expect(threecx.calls.every((c) => c.readonly && c.authorized)).toBe(true);
    expect(threecx.calls.at(-1)?.body?.Lines).toEqual([
      expect.objectContaining({ Type: 'NewLicense', Edition: 'Professional', SimultaneousCalls: 8, Quantity: 2, AdditionalInsuranceYears: 1, ResellerId: '100001' }),
    ]);

    const from = h.chat.transcript.length;
    expect(await staffConfirms(order)).toMatchObject({ kind: 'fulfilled' });

    const placed = placingCalls();
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ authorized: true, status: 200, body: { PO: `ORDER-${order.number}` } });
    const effects = await h.effects(order.id);
    const licenses = await h.demo.knex('licenses').whereIn('id', effects.licenseEvents.map((e) => e.license_id)).orderBy('license_key');
    expect(licenses.map((l) => l.license_key)).toEqual(['TCXK-0000-0000-0001', 'TCXK-0000-0000-0002']);
    for (const license of licenses) expect(license).toMatchObject({ edition: 'professional', sc: 8, type: 'annual', expires_on: '2028-11-26' });
    expect(await h.demo.knex('provider_orders').where({ order_id: order.id }).first()).toMatchObject({ provider: '3cx', status: 'placed', attempts: 1 });

    const message = await h.printed(new RegExp(`Payment received for order ${order.number}\\b`), { from });
    expect(message.text).toContain('• TCXK-0000-0000-0001 — Professional 8 SC, expires 2028-11-26');
    expect(message.text).toContain('• TCXK-0000-0000-0002 — Professional 8 SC, expires 2028-11-26');
    expect(message.text).not.toMatch(/Sandbox/);
    expect(message.text).toMatch(/Invoice INV-2026-\d{6} is in Invoices/);
  });

  it('renews with the expiry 3CX answers, and five confirmations at once place it once', async () => {
    // 3CX knows the key was renewed elsewhere meanwhile: its term, not ours, is extended.
    const known = threecx.licenses.get('7Q2M-4K8P-ZX3N-1A9B');
    if (!known) throw new Error('the fake 3CX does not know the demo key');
    known.expiry = '2027-01-10';
    const order = await renewalOrder('7Q2M-4K8P-ZX3N-1A9B', 1);
    const before = placingCalls().length;

    const results = await Promise.all(Array.from({ length: 5 }, () => staffConfirms(order, 'BANK-RENEW-1')));
    expect(results.filter((r) => r.kind === 'fulfilled')).toHaveLength(1);
    await h.orderReaches(order.id, 'fulfilled');

    expect(placingCalls().length - before).toBe(1);
    expect(placingCalls().at(-1)?.body?.Lines).toEqual([expect.objectContaining({ Type: 'RenewAnnual', UpgradeKey: '7Q2M-4K8P-ZX3N-1A9B', Quantity: 1 })]);
    expect(await h.demo.knex('licenses').where({ license_key: '7Q2M-4K8P-ZX3N-1A9B' }).first()).toMatchObject({ expires_on: '2028-01-10' });
    const effects = await h.effects(order.id);
    expect(effects.licenseEvents).toHaveLength(1);
    expect(effects.invoices).toHaveLength(1);
    expect(effects.outbox.filter((m) => m.kind === 'order_fulfilled')).toHaveLength(1);
  });

  it("words 3CX's refusals when a line is quoted, with a way on", async () => {
    threecx.setKeyError('H3LT-9W2E-6RQ1-PK7V', 'UpgradeIsNotAvailable');
    const upgrade = h.chat.text(await upgradeSummary(h.chat, 'H3LT-9W2E-6RQ1-PK7V', 'Enterprise', 16));
    expect(upgrade).toMatch(/3CX does not offer that upgrade for this key/);

    threecx.setKeyError('S7UP-1K4G-8BDR-2YHM', 'KeyVersionIsDeprecated');
    const renewal = await renewalSummary(h.chat, 'Renew annual license', 'S7UP-1K4G-8BDR-2YHM', 1);
    expect(h.chat.text(renewal)).toMatch(/no longer supported/);
    expect(renewal.at(-1)?.buttons.flat().map((b) => b.label)).toContain('Buy a new license');
    threecx.setKeyError('H3LT-9W2E-6RQ1-PK7V', undefined);
    threecx.setKeyError('S7UP-1K4G-8BDR-2YHM', undefined);
  });

  it('a line 3CX refuses by checkout time leaves the cart before anything is ordered', async () => {
    await renewalSummary(h.chat, 'Renew annual license', 'H3LT-9W2E-6RQ1-PK7V', 1);
    await addToCart(h.chat);
    threecx.setKeyError('H3LT-9W2E-6RQ1-PK7V', 'CanNotUpgradeKeyWithAdditionalMaintenance');
    await h.chat.send('/cart');
    const checkout = h.chat.text(await h.chat.press('Proceed to checkout'));
    expect(checkout).toMatch(/H3LT-9W2E-6RQ1-PK7V/);
    expect(checkout).toMatch(/removed from the cart/);
    threecx.setKeyError('H3LT-9W2E-6RQ1-PK7V', undefined);
    await h.chat.send('/menu');
  });

  it('3CX busy (429) when the order is placed: retried, placed once, keys delivered', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    threecx.fail({ kind: 'status', status: 429 }, { placingOnly: true });
    const before = placingCalls().length;
    const from = h.chat.transcript.length;
    // The first attempt fails (BullMQ retries it): the job's result is the retry's.
    const jobId = await h.jobs.confirmPayment({ source: 'staff', orderId: order.id, reference: `BANK-${order.number}`, amountCents: order.totalCents, currency: 'EUR', confirmedBy: 'staff:alice' });
    await h.orderReaches(order.id, 'paid');
    expect(await h.jobs.waitFor(jobId, 20_000)).toMatchObject({ kind: 'fulfilled' });
    const calls = placingCalls().slice(before);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(await h.demo.knex('provider_orders').where({ order_id: order.id }).first()).toMatchObject({ status: 'placed', attempts: 2 });
    await h.printed(new RegExp(`Payment received for order ${order.number}\\b[\\s\\S]*TCXK-`), { from });
  });

  it('an answer lost after 3CX placed the order: never placed again, the user told staff check it', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    threecx.fail({ kind: 'drop_after_placing' }, { placingOnly: true });
    const placedBefore = threecx.placements().length;
    const from = h.chat.transcript.length;
    expect(await staffConfirms(order)).toMatchObject({ kind: 'needs_staff', status: 'uncertain' });
    expect(threecx.placements().length - placedBefore).toBe(1);
    expect(await h.order(order.id)).toMatchObject({ status: 'paid' });
    expect(await h.demo.knex('provider_orders').where({ order_id: order.id }).first()).toMatchObject({ status: 'uncertain' });
    const told = await h.printed(new RegExp(`order ${order.number}\\b[\\s\\S]*staff are checking`), { from });
    expect(told.text).toMatch(/nothing needs to be paid again/);

    // Later sweeps and jobs leave it to staff: 3CX is not asked to place it again.
    h.clock.advance(60 * 60_000);
    await h.sweep();
    await h.jobs.fulfil([order.id], { by: 'staff' });
    await h.confirmationsIdle(20_000);
    expect(threecx.placements().length - placedBefore).toBe(1);
    expect(await h.order(order.id)).toMatchObject({ status: 'paid' });
  });

  it('staff record the keys 3CX shows for the uncertain order: fulfilled, the user gets them', async () => {
    const [row] = await h.demo.knex('provider_orders as p').join('orders as o', 'o.id', 'p.order_id').where('p.status', 'uncertain').select('o.id', 'o.number');
    // What staff see first: the order needs them, and why; retrying blindly is refused (it may
    // exist at 3CX). Three commands that only read, run at once: each is a cold start of
    // node, and three in a row on a busy 2-core machine took longer than a test may.
    const [listed, shown, retry] = await Promise.all([
      runOps(['orders:attention']),
      runOps(['orders:show', String(row.number)]),
      runOps(['provider:retry', String(row.number)]),
    ]);
    expect(listed.stdout).toMatch(new RegExp(`order ${row.number} .*licenses not issued yet; placement uncertain`));
    expect(shown.stdout).toMatch(/placement at 3cx: uncertain/);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(new RegExp(`Look for PO ORDER-${row.number} at 3CX first`));

    // The fake 3CX did place it: its newest key is the order's.
    const issuedAt3cx = [...threecx.licenses.keys()].filter((k) => k.startsWith('TCXK-')).sort().at(-1);
    if (!issuedAt3cx) throw new Error('the fake 3CX issued nothing');
    const wrong = await h.demo.store.transaction((repos) => recordPlacementByStaff(repos, { orderId: row.id, keys: [issuedAt3cx, issuedAt3cx], now: h.clock.now(), today: '2026-11-26', actor: 'staff:alice' }));
    expect(wrong).toEqual({ kind: 'wrong_key_count', expected: 1, given: 2 });
    const recorded = await h.demo.store.transaction((repos) => recordPlacementByStaff(repos, { orderId: row.id, keys: [issuedAt3cx.toLowerCase()], now: h.clock.now(), today: '2026-11-26', actor: 'staff:alice' }));
    expect(recorded).toEqual({ kind: 'recorded' });
    const from = h.chat.transcript.length;
    const before = placingCalls().length;
    const [jobId] = await h.jobs.fulfil([row.id], { by: 'staff' });
    expect(await h.jobs.waitFor(String(jobId), 20_000)).toMatchObject({ kind: 'fulfilled' });
    expect(placingCalls().length).toBe(before);
    await h.printed(new RegExp(`Payment received for order ${row.number}\\b[\\s\\S]*${issuedAt3cx}`), { from });
  });

  it('a placement 3CX refuses (a wrong API key) waits for staff; reopened, it is placed', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    threecx.fail({ kind: 'status', status: 401 }, { placingOnly: true });
    expect(await staffConfirms(order)).toMatchObject({ kind: 'needs_staff', status: 'refused' });
    expect(await h.demo.knex('provider_orders').where({ order_id: order.id }).first()).toMatchObject({ status: 'refused' });

    const reopened = await h.demo.store.transaction((repos) => reopenPlacement(repos, { orderId: order.id, now: h.clock.now(), actor: 'staff:alice' }));
    expect(reopened).toBe(true);
    const [jobId] = await h.jobs.fulfil([order.id], { by: 'staff' });
    expect(await h.jobs.waitFor(String(jobId), 20_000)).toMatchObject({ kind: 'fulfilled' });
    expect(await h.demo.knex('provider_orders').where({ order_id: order.id }).first()).toMatchObject({ status: 'placed', attempts: 2 });
  });

  it('a worker that died after 3CX answered but before the licenses were applied: the sweep finishes it, 3CX is not asked again', async () => {
    const order = await h.placeOrder({ method: 'offline' });
    // What the job does up to the crash: the money recorded, the order placed at 3CX and its answer stored.
    await h.demo.store.transaction((repos) =>
      settlePayment(repos, h.licenses, {
        orderId: order.id, method: 'offline', providerRef: `BANK-${order.number}`, confirmedBy: 'staff:alice', at: h.clock.now(), today: '2026-11-26',
        payment: { outcome: 'completed', providerStatus: 'confirmed_by_staff', amountCents: order.totalCents, currency: 'EUR' },
      }),
    );
    if (h.licenses.placement !== 'remote') throw new Error('the harness provider is not 3CX');
    expect(await placeAtProvider(h.demo.store, h.licenses, { orderId: order.id, now: h.clock.now(), today: '2026-11-26' })).toEqual({ kind: 'placed' });
    const placedAt3cx = threecx.placements().length;
    expect(await h.order(order.id)).toMatchObject({ status: 'paid' });

    // Ten minutes later the maintenance sweep queues it again; the stored answer is applied.
    const from = h.chat.transcript.length;
    h.clock.advance(11 * 60_000);
    expect(await h.sweep()).toMatchObject({ unplaced: 1 });
    await h.orderReaches(order.id, 'fulfilled', 15_000);
    expect(threecx.placements().length).toBe(placedAt3cx);
    expect((await h.effects(order.id)).licenseEvents).toHaveLength(1);
    await h.printed(new RegExp(`Payment received for order ${order.number}\\b[\\s\\S]*TCXK-`), { from });
  });

  /** Runs `npm run ops -- …` on the harness's database (commands that queue nothing). */
  async function runOps(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/ops.ts', ...args], {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: h.demo.url, LICENSE_PROVIDER: '3cx', THREECX_API_KEY: 'unused-here', THREECX_API_BASE_URL: threecx.url, LOG_LEVEL: 'warn' },
        timeout: 60_000,
      }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      });
    });
  }
});
