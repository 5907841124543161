// The 3CX Order API license provider against the fake 3CX on loopback: every call is real
// HTTP, so what is asserted is what 3CX would have received (the fake's record of each call)
// and what the product makes of the answer. Timeouts are passed small, so that a slow 3CX
// costs milliseconds here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FulfilmentStep } from '../../../src/domain/orders/fulfilment';
import type { OrderLine } from '../../../src/domain/orders/order';
import type { Edition } from '../../../src/domain/pricing/catalog';
import type { License } from '../../../src/domain/pricing/license';
import type { LicenseChange, PlacedLine, PlacementRequest, RemoteLicenseProvider, RemotePlacement } from '../../../src/domain/ports';
import { refusalOf, threecxLicenseProvider } from '../../../src/infra/licensing/threecx-provider';
import { silentLogger, type Logger } from '../../../src/infra/log';
import { TODAY, aPerpetualLicense, anAnnualLicense } from '../../fakes/mother';
import { startFake3cx, type Fake3cx, type Fake3cxLicense } from '../../support/fake-3cx';

const API_KEY = 'partner-api-key-123';
const PARTNER_ID = 'P-000001';
const KEY_FORMAT = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
const FAST = { checkTimeoutMs: 500, placeTimeoutMs: 500 };

const fakes: Fake3cx[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

/** A fake 3CX that knows `licenses`, closed after the test. */
async function a3cx(licenses: License[] = []): Promise<Fake3cx> {
  const fake = await startFake3cx({ apiKey: API_KEY, today: () => TODAY, licenses: licenses.map(asKnownBy3cx) });
  fakes.push(fake);
  return fake;
}

/** The URL of a port nothing listens on any more. */
async function aClosedPort(): Promise<string> {
  const fake = await startFake3cx({ apiKey: API_KEY, today: () => TODAY });
  await fake.close();
  return fake.url;
}

const EDITION_AT_3CX: Record<Edition, Fake3cxLicense['edition']> = { startup: 'Startup', professional: 'Professional', enterprise: 'Enterprise' };

function asKnownBy3cx(license: License): Fake3cxLicense {
  return {
    key: license.key, edition: EDITION_AT_3CX[license.edition], sc: license.sc, isPerpetual: license.type === 'perpetual',
    expiry: license.expiresOn, maintenance: license.maintenanceUntil,
  };
}

function aProvider(url: string, options: { apiKey?: string; log?: Logger; checkTimeoutMs?: number; placeTimeoutMs?: number; fetch?: typeof fetch; now?: () => number } = {}): RemoteLicenseProvider {
  return threecxLicenseProvider({ apiKey: API_KEY, baseUrl: url, log: silentLogger, ...FAST, ...options });
}

/** A logger that keeps its warnings. */
function aWarningsLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warn: (message) => void warnings.push(message), warnings };
}

let lineNumber = 0;
const aLine = (years: number): OrderLine => ({ id: `line-${++lineNumber}`, years }) as OrderLine;

const issue = (o: { count: number; years: number; edition?: Edition; sc?: number; expiresOn: string }): FulfilmentStep => ({
  kind: 'issue', line: aLine(o.years), count: o.count, edition: o.edition ?? 'professional', sc: o.sc ?? 8, expiresOn: o.expiresOn, endCustomerId: null,
});
const renewAnnual = (license: License, years: number, expiresOn: string): FulfilmentStep => ({ kind: 'renew_annual', line: aLine(years), license, expiresOn });
const renewMaintenance = (license: License, years: number, maintenanceUntil: string): FulfilmentStep => ({ kind: 'renew_maintenance', line: aLine(years), license, maintenanceUntil });
const upgrade = (license: License, edition: Edition, sc: number): FulfilmentStep => ({ kind: 'upgrade', line: aLine(1), license, edition, sc });

let orderNumber = 41;
function aRequest(...steps: FulfilmentStep[]): PlacementRequest {
  orderNumber += 1;
  return { orderId: `order-${orderNumber}`, orderNumber, partnerId: PARTNER_ID, steps };
}

function expectPlaced(result: RemotePlacement) {
  if (result.kind !== 'placed') throw new Error(`expected placed, got ${JSON.stringify(result)}`);
  return result;
}
const lineOf = (lines: PlacedLine[], lineId: string) => lines.find((l) => l.lineId === lineId);
const readonlyFlags = (fake: Fake3cx) => fake.calls.map((c) => c.readonly);

describe('threecxLicenseProvider: the request 3CX receives', () => {
  it('posts to {base}/order/?readonly=true with Basic auth: the API key as user name, an empty password', async () => {
    const fake = await a3cx();
    const sent: Array<{ url: string; method: string | undefined; authorization: string | null }> = [];
    const recording: typeof fetch = (input, init) => {
      sent.push({ url: String(input), method: init?.method, authorization: new Headers(init?.headers).get('authorization') });
      return fetch(input, init);
    };
    await aProvider(`${fake.url}/`, { fetch: recording }).check([{ kind: 'new_license', edition: 'professional', sc: 8, quantity: 1, years: 1 }], PARTNER_ID);

    expect(sent).toEqual([{ url: `${fake.url}/order/?readonly=true`, method: 'POST', authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}` }]);
    expect(fake.calls).toMatchObject([{ readonly: true, authorized: true, status: 200 }]);
  });

  it('sends one line per change, in order, in 3CX words, for the reseller as ResellerId', async () => {
    const annual = anAnnualLicense({ edition: 'professional', sc: 16 });
    const perpetual = aPerpetualLicense();
    const fake = await a3cx([annual, perpetual]);
    const changes: LicenseChange[] = [
      { kind: 'new_license', edition: 'professional', sc: 8, quantity: 3, years: 3 },
      { kind: 'upgrade', key: annual.key, edition: 'enterprise', sc: 32 },
      { kind: 'renew_annual', key: annual.key, years: 2 },
      { kind: 'renew_maintenance', key: perpetual.key, years: 3 },
    ];
    await aProvider(fake.url).check(changes, PARTNER_ID);

    const common = { ResellerId: PARTNER_ID, AddHosting: false };
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.body).toEqual({
      PO: 'QUOTE', SalesCode: '', Notes: 'price check',
      Lines: [
        { ...common, Type: 'NewLicense', Edition: 'Professional', SimultaneousCalls: 8, Quantity: 3, AdditionalInsuranceYears: 2, UpgradeKey: null },
        { ...common, Type: 'Upgrade', Edition: 'Enterprise', SimultaneousCalls: 32, Quantity: 1, AdditionalInsuranceYears: 0, UpgradeKey: annual.key },
        { ...common, Type: 'RenewAnnual', Edition: null, SimultaneousCalls: null, Quantity: 2, AdditionalInsuranceYears: 0, UpgradeKey: annual.key },
        { ...common, Type: 'Maintenance', Edition: null, SimultaneousCalls: null, Quantity: 3, AdditionalInsuranceYears: 0, UpgradeKey: perpetual.key },
      ],
    });
  });

  it('a one-year new license buys no additional years', async () => {
    const fake = await a3cx();
    await aProvider(fake.url).check([{ kind: 'new_license', edition: 'startup', sc: 4, quantity: 1, years: 1 }], PARTNER_ID);
    expect(fake.calls[0]?.body?.Lines).toMatchObject([{ Type: 'NewLicense', Edition: 'Startup', SimultaneousCalls: 4, Quantity: 1, AdditionalInsuranceYears: 0 }]);
  });

  it('places a paid order under its order number, with the order id in the notes', async () => {
    const fake = await a3cx();
    const request = aRequest(issue({ count: 1, years: 1, expiresOn: '2027-11-26' }));
    expectPlaced(await aProvider(fake.url).place(request));
    for (const call of fake.calls) expect(call.body).toMatchObject({ PO: `ORDER-${request.orderNumber}`, SalesCode: '', Notes: `order ${request.orderId}` });
  });

  it('with a wrong API key, 3CX answers 401: the order is not placed and retrying changes nothing', async () => {
    const fake = await a3cx();
    const result = await aProvider(fake.url, { apiKey: 'not-the-key' }).place(aRequest(issue({ count: 1, years: 1, expiresOn: '2027-11-26' })));
    expect(result).toMatchObject({ kind: 'not_placed', retryable: false, error: expect.stringContaining('401') });
    expect(fake.calls).toMatchObject([{ readonly: true, authorized: false, status: 401 }]);
    expect(fake.licenses.size).toBe(0);
  });

  it('with a wrong API key, a check fails open: no change is refused, and a warning says why', async () => {
    const fake = await a3cx();
    const log = aWarningsLog();
    const changes: LicenseChange[] = [
      { kind: 'new_license', edition: 'professional', sc: 8, quantity: 1, years: 1 },
      { kind: 'new_license', edition: 'enterprise', sc: 16, quantity: 1, years: 1 },
    ];
    expect(await aProvider(fake.url, { apiKey: 'not-the-key', log }).check(changes, PARTNER_ID)).toEqual([undefined, undefined]);
    expect(fake.calls).toMatchObject([{ authorized: false, status: 401 }]);
    expect(log.warnings).toEqual([expect.stringMatching(/^3CX check skipped.*401/)]);
  });

  it('is the remote 3CX provider, whose placement may take the check and the order together', () => {
    const provider = aProvider('http://127.0.0.1:9/public/v1', { checkTimeoutMs: 70, placeTimeoutMs: 200 });
    expect(provider).toMatchObject({ name: '3cx', placement: 'remote', placementTimeoutMs: 270 });
  });
});

describe('threecxLicenseProvider.check', () => {
  it("answers each change in order: undefined where 3CX would carry it out, else the reason for 3CX's error code", async () => {
    const licenses = Array.from({ length: 5 }, () => anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' }));
    const fake = await a3cx(licenses);
    const codes = ['UpgradeIsNotAvailable', 'CannotUpgradeKeyWithExpiredMaintenance', 'CanNotUpgradeKeyWithAdditionalMaintenance', 'KeyVersionIsDeprecated', 'SomethingNew'];
    codes.forEach((code, i) => fake.setKeyError(licenses[i]?.key ?? '', code));
    const fine = anAnnualLicense();
    fake.licenses.set(fine.key, asKnownBy3cx(fine));

    const answers = await aProvider(fake.url).check([
      { kind: 'new_license', edition: 'professional', sc: 8, quantity: 1, years: 1 },
      ...licenses.map((l): LicenseChange => ({ kind: 'upgrade', key: l.key, edition: 'enterprise', sc: 32 })),
      { kind: 'renew_annual', key: fine.key, years: 1 },
    ], PARTNER_ID);

    expect(answers).toEqual([
      undefined,
      { reason: 'upgrade_not_available', code: 'UpgradeIsNotAvailable' },
      { reason: 'maintenance_expired', code: 'CannotUpgradeKeyWithExpiredMaintenance' },
      { reason: 'additional_maintenance', code: 'CanNotUpgradeKeyWithAdditionalMaintenance' },
      { reason: 'version_deprecated', code: 'KeyVersionIsDeprecated' },
      { reason: 'other', code: 'SomethingNew' },
      undefined,
    ]);
    expect(readonlyFlags(fake)).toEqual([true]);
  });

  it("reads 3CX's own refusals: an unknown key, an upgrade of a perpetual key, a lapsed key", async () => {
    const perpetual = aPerpetualLicense();
    const lapsed = anAnnualLicense({ expiresOn: '2026-10-01' });
    const fake = await a3cx([perpetual, lapsed]);
    const answers = await aProvider(fake.url).check([
      { kind: 'renew_annual', key: 'NOPE-0000-0000-0000', years: 1 },
      { kind: 'upgrade', key: perpetual.key, edition: 'enterprise', sc: 64 },
      { kind: 'upgrade', key: lapsed.key, edition: 'enterprise', sc: 64 },
    ], PARTNER_ID);
    expect(answers).toEqual([
      { reason: 'other', code: 'LicenseKeyNotFound' },
      { reason: 'upgrade_not_available', code: 'UpgradeIsNotAvailable' },
      { reason: 'maintenance_expired', code: 'CannotUpgradeKeyWithExpiredMaintenance' },
    ]);
  });

  it('asks 3CX nothing about no changes', async () => {
    const fake = await a3cx();
    expect(await aProvider(fake.url).check([], PARTNER_ID)).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  it('places nothing: the fake issues no key and changes no term', async () => {
    const annual = anAnnualLicense({ expiresOn: '2026-12-16' });
    const fake = await a3cx([annual]);
    await aProvider(fake.url).check([
      { kind: 'new_license', edition: 'professional', sc: 8, quantity: 2, years: 1 },
      { kind: 'renew_annual', key: annual.key, years: 2 },
    ], PARTNER_ID);
    expect([...fake.licenses.values()]).toEqual([asKnownBy3cx(annual)]);
    expect(fake.placements()).toEqual([]);
  });

  describe('fails open (nothing refused) when 3CX cannot be asked', () => {
    const changes: LicenseChange[] = [
      { kind: 'new_license', edition: 'professional', sc: 8, quantity: 1, years: 1 },
      { kind: 'renew_annual', key: 'ANNU-0000-0000-0001', years: 1 },
    ];

    it('3CX answers 503', async () => {
      const fake = await a3cx();
      fake.fail({ kind: 'status', status: 503 });
      const log = aWarningsLog();
      expect(await aProvider(fake.url, { log }).check(changes, PARTNER_ID)).toEqual([undefined, undefined]);
      expect(fake.calls).toMatchObject([{ readonly: true, status: 503 }]);
      expect(log.warnings).toEqual([expect.stringContaining('503')]);
    });

    it('after a failed check, quotes go on without asking 3CX for a minute, then ask again', async () => {
      const fake = await a3cx();
      fake.fail({ kind: 'status', status: 503 });
      let clock = 1_000_000;
      const provider = aProvider(fake.url, { now: () => clock });
      expect(await provider.check(changes, PARTNER_ID)).toEqual([undefined, undefined]);
      clock += 59_000;
      expect(await provider.check(changes, PARTNER_ID)).toEqual([undefined, undefined]);
      expect(fake.calls).toHaveLength(1);
      clock += 1_000;
      // Asked again: 3CX does not know that key.
      expect(await provider.check(changes, PARTNER_ID)).toEqual([undefined, { reason: 'other', code: 'LicenseKeyNotFound' }]);
      expect(fake.calls).toHaveLength(2);
    });

    it('3CX answers 500', async () => {
      const fake = await a3cx();
      fake.fail({ kind: 'status', status: 500 });
      expect(await aProvider(fake.url).check(changes, PARTNER_ID)).toEqual([undefined, undefined]);
    });

    it('3CX answers later than checkTimeoutMs', async () => {
      const fake = await a3cx();
      fake.fail({ kind: 'slow', ms: 300 });
      expect(await aProvider(fake.url, { checkTimeoutMs: 30 }).check(changes, PARTNER_ID)).toEqual([undefined, undefined]);
    });

    it('nothing listens on the port', async () => {
      const log = aWarningsLog();
      expect(await aProvider(await aClosedPort(), { log }).check(changes, PARTNER_ID)).toEqual([undefined, undefined]);
      expect(log.warnings).toEqual([expect.stringContaining('ECONNREFUSED')]);
    });
  });
});

describe('threecxLicenseProvider.place: what 3CX carried out', () => {
  it('issues new licenses: one key per license, annual, expiring today + 1 + the additional years', async () => {
    const fake = await a3cx();
    const step = issue({ count: 2, years: 3, edition: 'professional', sc: 8, expiresOn: '2029-11-26' });
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(step)));

    const [line] = result.placement.lines;
    if (line?.outcome !== 'done') throw new Error(`expected a done line, got ${JSON.stringify(line)}`);
    expect(line.lineId).toBe(step.line.id);
    expect(line.licenses).toHaveLength(2);
    for (const license of line.licenses) {
      expect(license.key).toMatch(KEY_FORMAT);
      expect(license).toEqual({ key: license.key, type: 'annual', edition: 'professional', sc: 8, expiresOn: '2029-11-26', maintenanceUntil: null });
      expect(fake.licenses.get(license.key)).toEqual({ key: license.key, edition: 'Professional', sc: 8, isPerpetual: false, expiry: '2029-11-26', maintenance: null });
    }
    expect(new Set(line.licenses.map((l) => l.key)).size).toBe(2);
    expect(result.placement.lines).toHaveLength(1);
    expect(result.placement.reference).toMatch(/^\d+$/);
    expect(fake.calls[1]?.body?.Lines).toMatchObject([{ Type: 'NewLicense', Edition: 'Professional', SimultaneousCalls: 8, Quantity: 2, AdditionalInsuranceYears: 2, ResellerId: PARTNER_ID }]);
  });

  it('checks with one read-only order, then places with exactly one readonly=false order, and keeps 3CX’s answer', async () => {
    const fake = await a3cx();
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(issue({ count: 1, years: 1, expiresOn: '2027-11-26' }))));
    expect(readonlyFlags(fake)).toEqual([true, false]);
    expect(fake.calls.map((c) => c.status)).toEqual([200, 200]);
    expect(fake.placements()).toHaveLength(1);
    expect(result.response).toMatchObject({ OrderId: result.placement.reference, Items: [{ Type: 'NewLicense' }] });
  });

  it('renews an annual license to the expiry 3CX reports (2026-12-16 + 2 years), over the plan', async () => {
    // Our record says 2026-12-10, so the plan said 2028-12-10; 3CX's word wins.
    const ours = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2026-12-10' });
    const fake = await a3cx([{ ...ours, expiresOn: '2026-12-16' }]);
    const step = renewAnnual(ours, 2, '2028-12-10');
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(step)));

    expect(result.placement.lines).toEqual([{
      lineId: step.line.id, outcome: 'done',
      licenses: [{ key: ours.key, type: 'annual', edition: 'professional', sc: 16, expiresOn: '2028-12-16', maintenanceUntil: null }],
    }]);
    expect(fake.licenses.get(ours.key)?.expiry).toBe('2028-12-16');
    expect(fake.calls[1]?.body?.Lines).toMatchObject([{ Type: 'RenewAnnual', Quantity: 2, UpgradeKey: ours.key }]);
  });

  it('renews maintenance of a perpetual license: maintenanceUntil moves on, no expiry', async () => {
    const perpetual = aPerpetualLicense({ edition: 'enterprise', sc: 32, maintenanceUntil: '2027-03-01' });
    const fake = await a3cx([perpetual]);
    const step = renewMaintenance(perpetual, 1, '2028-03-01');
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(step)));

    expect(result.placement.lines).toEqual([{
      lineId: step.line.id, outcome: 'done',
      licenses: [{ key: perpetual.key, type: 'perpetual', edition: 'enterprise', sc: 32, expiresOn: null, maintenanceUntil: '2028-03-01' }],
    }]);
    expect(fake.licenses.get(perpetual.key)?.maintenance).toBe('2028-03-01');
    expect(fake.calls[1]?.body?.Lines).toMatchObject([{ Type: 'Maintenance', Quantity: 1, UpgradeKey: perpetual.key }]);
  });

  it('upgrades a license to the edition and SC 3CX reports, keeping the expiry 3CX knows', async () => {
    const ours = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-01' });
    const fake = await a3cx([{ ...ours, expiresOn: '2027-06-14' }]);
    const step = upgrade(ours, 'enterprise', 32);
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(step)));

    expect(result.placement.lines).toEqual([{
      lineId: step.line.id, outcome: 'done',
      licenses: [{ key: ours.key, type: 'annual', edition: 'enterprise', sc: 32, expiresOn: '2027-06-14', maintenanceUntil: null }],
    }]);
    expect(fake.licenses.get(ours.key)).toMatchObject({ edition: 'Enterprise', sc: 32 });
    expect(fake.calls[1]?.body?.Lines).toMatchObject([{ Type: 'Upgrade', Edition: 'Enterprise', SimultaneousCalls: 32, Quantity: 1, UpgradeKey: ours.key }]);
  });

  it('places every kind of line in one order, answering each line by its id', async () => {
    const renewed = anAnnualLicense({ expiresOn: '2026-12-16' });
    const maintained = aPerpetualLicense({ maintenanceUntil: '2027-03-01' });
    const upgraded = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
    const fake = await a3cx([renewed, maintained, upgraded]);
    const steps = [
      issue({ count: 1, years: 1, expiresOn: '2027-11-26' }),
      renewAnnual(renewed, 1, '2027-12-16'),
      renewMaintenance(maintained, 2, '2029-03-01'),
      upgrade(upgraded, 'professional', 32),
    ];
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(...steps)));

    expect(result.placement.lines.map((l) => [l.lineId, l.outcome])).toEqual(steps.map((s) => [s.line.id, 'done']));
    expect(fake.calls[1]?.body?.Lines?.map((l) => l.Type)).toEqual(['NewLicense', 'RenewAnnual', 'Maintenance', 'Upgrade']);
    expect(fake.licenses.get(renewed.key)?.expiry).toBe('2027-12-16');
    expect(fake.licenses.get(maintained.key)?.maintenance).toBe('2029-03-01');
    expect(fake.licenses.get(upgraded.key)?.sc).toBe(32);
  });
});

describe('threecxLicenseProvider.place: lines 3CX refuses in the read-only check', () => {
  it('leaves a refused line out of the order, reports it refused with its code, and places the rest', async () => {
    const deprecated = anAnnualLicense({ expiresOn: '2026-12-16' });
    const fake = await a3cx([deprecated]);
    fake.setKeyError(deprecated.key, 'KeyVersionIsDeprecated');
    const refusedStep = renewAnnual(deprecated, 1, '2027-12-16');
    const newStep = issue({ count: 1, years: 2, expiresOn: '2028-11-26' });
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(refusedStep, newStep)));

    expect(result.placement.lines).toHaveLength(2);
    expect(lineOf(result.placement.lines, refusedStep.line.id)).toEqual({ lineId: refusedStep.line.id, outcome: 'refused', code: 'KeyVersionIsDeprecated' });
    expect(lineOf(result.placement.lines, newStep.line.id)).toMatchObject({ outcome: 'done', licenses: [{ type: 'annual', expiresOn: '2028-11-26' }] });

    expect(readonlyFlags(fake)).toEqual([true, false]);
    expect(fake.calls[0]?.body?.Lines?.map((l) => l.Type)).toEqual(['RenewAnnual', 'NewLicense']);
    expect(fake.calls[1]?.body?.Lines).toMatchObject([{ Type: 'NewLicense', AdditionalInsuranceYears: 1 }]);
    expect(fake.licenses.get(deprecated.key)?.expiry).toBe('2026-12-16');
  });

  it('with every line refused, places nothing: "placed" with only refused lines and no reference', async () => {
    const lapsed = anAnnualLicense({ expiresOn: '2026-10-01' });
    const perpetual = aPerpetualLicense();
    const fake = await a3cx([lapsed, perpetual]);
    const steps = [upgrade(lapsed, 'enterprise', 32), renewAnnual(perpetual, 1, '2027-11-26')];
    const result = expectPlaced(await aProvider(fake.url).place(aRequest(...steps)));

    expect(result.placement).toEqual({
      reference: null,
      lines: [
        { lineId: steps[0]?.line.id, outcome: 'refused', code: 'CannotUpgradeKeyWithExpiredMaintenance' },
        { lineId: steps[1]?.line.id, outcome: 'refused', code: 'RenewAnnualIsNotAvailable' },
      ],
    });
    expect(result.response).toMatchObject({ readonly: { Items: [{ ErrorCode: 'CannotUpgradeKeyWithExpiredMaintenance' }, { ErrorCode: 'RenewAnnualIsNotAvailable' }] } });
    expect(readonlyFlags(fake)).toEqual([true]);
    expect(fake.placements()).toEqual([]);
  });

  // The fake models 3CX placing nothing when a line of a readonly=false order is refused (OrderId
  // null, no keys). A refusal that appears between the check and the order (here: the key is
  // deprecated in between) must not make the other line 'done' with no licenses: fulfilment
  // would extend a term 3CX never extended.
  it('does not report a line done when 3CX refused the order it was in and placed nothing: uncertain, for staff', async () => {
    const soonDeprecated = anAnnualLicense({ expiresOn: '2026-12-16' });
    const perpetual = aPerpetualLicense({ maintenanceUntil: '2027-03-01' });
    const fake = await a3cx([soonDeprecated, perpetual]);
    const deprecateBeforePlacing: typeof fetch = (input, init) => {
      if (String(input).endsWith('readonly=false')) fake.setKeyError(soonDeprecated.key, 'KeyVersionIsDeprecated');
      return fetch(input, init);
    };
    const maintenance = renewMaintenance(perpetual, 1, '2028-03-01');
    const result = await aProvider(fake.url, { fetch: deprecateBeforePlacing }).place(aRequest(renewAnnual(soonDeprecated, 1, '2027-12-16'), maintenance));

    expect(fake.placements()[0]?.status).toBe(200);
    expect(fake.licenses.get(perpetual.key)?.maintenance).toBe('2027-03-01');
    expect(result).toMatchObject({ kind: 'uncertain', error: expect.stringMatching(/refused part of ORDER-\d+ .* line 2 \(Maintenance\)/) });
  });
});

describe('threecxLicenseProvider.place: when 3CX fails, whether the order may be placed again', () => {
  const aNewLicense = () => aRequest(issue({ count: 1, years: 1, expiresOn: '2027-11-26' }));

  it('the read-only check answers 503: not placed, retryable, and no order is sent', async () => {
    const fake = await a3cx();
    fake.fail({ kind: 'status', status: 503 });
    expect(await aProvider(fake.url).place(aNewLicense())).toMatchObject({ kind: 'not_placed', retryable: true, error: expect.stringContaining('503') });
    expect(readonlyFlags(fake)).toEqual([true]);
    expect(fake.licenses.size).toBe(0);
  });

  it('the read-only check answers 500 or too late: not placed, retryable (a read-only order places nothing)', async () => {
    const fake = await a3cx();
    fake.fail({ kind: 'status', status: 500 });
    expect(await aProvider(fake.url).place(aNewLicense())).toMatchObject({ kind: 'not_placed', retryable: true });
    fake.fail({ kind: 'slow', ms: 300 });
    expect(await aProvider(fake.url, { checkTimeoutMs: 30 }).place(aNewLicense())).toMatchObject({ kind: 'not_placed', retryable: true });
    expect(readonlyFlags(fake)).toEqual([true, true]);
  });

  it('the order answers 429: not placed, retryable', async () => {
    const fake = await a3cx();
    fake.fail({ kind: 'status', status: 429 }, { placingOnly: true });
    expect(await aProvider(fake.url).place(aNewLicense())).toMatchObject({ kind: 'not_placed', retryable: true, error: expect.stringContaining('429') });
    expect(fake.calls.map((c) => [c.readonly, c.status])).toEqual([[true, 200], [false, 429]]);
    expect(fake.licenses.size).toBe(0);
  });

  it('the order answers 503: uncertain (a proxy may answer 503 after 3CX placed it), never sent again by itself', async () => {
    const fake = await a3cx();
    fake.fail({ kind: 'status', status: 503 }, { placingOnly: true });
    expect(await aProvider(fake.url).place(aNewLicense())).toMatchObject({ kind: 'uncertain', error: expect.stringContaining('503') });
  });

  it.each([400, 401, 403, 422])('the order answers %i: not placed, and retrying would change nothing', async (status) => {
    const fake = await a3cx();
    fake.fail({ kind: 'status', status }, { placingOnly: true });
    expect(await aProvider(fake.url).place(aNewLicense())).toMatchObject({ kind: 'not_placed', retryable: false, error: expect.stringContaining(String(status)) });
    expect(fake.calls.map((c) => [c.readonly, c.status])).toEqual([[true, 200], [false, status]]);
  });

  it.each([500, 502])('the order answers %i: uncertain, since 3CX may have carried it out', async (status) => {
    const fake = await a3cx();
    fake.fail({ kind: 'status', status }, { placingOnly: true });
    expect(await aProvider(fake.url).place(aNewLicense())).toMatchObject({ kind: 'uncertain', error: expect.stringContaining(String(status)), response: { Message: `fake failure ${status}` } });
  });

  it('the order is answered later than placeTimeoutMs: uncertain — and 3CX did carry it out, so it must never be repeated by itself', async () => {
    const fake = await a3cx();
    fake.fail({ kind: 'slow', ms: 250 }, { placingOnly: true });
    const result = await aProvider(fake.url, { placeTimeoutMs: 40 }).place(aNewLicense());
    expect(result).toMatchObject({ kind: 'uncertain' });
    expect(fake.licenses.size).toBe(0);

    await vi.waitFor(() => expect(fake.placements()).toHaveLength(1), { timeout: 2_000, interval: 20 });
    expect(fake.licenses.size).toBe(1);
  });

  it('the connection drops after 3CX carried the order out: uncertain', async () => {
    const fake = await a3cx();
    fake.fail({ kind: 'drop_after_placing' }, { placingOnly: true });
    const result = await aProvider(fake.url).place(aNewLicense());
    expect(result).toMatchObject({ kind: 'uncertain' });
    expect(fake.placements()).toMatchObject([{ readonly: false, status: -1 }]);
    expect(fake.licenses.size).toBe(1);
  });

  it('nothing listens on the port: not placed, retryable (the request cannot have arrived)', async () => {
    const result = await aProvider(await aClosedPort()).place(aNewLicense());
    expect(result).toMatchObject({ kind: 'not_placed', retryable: true, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('3CX answers an order whose keys are no keys: uncertain, nothing is applied from it', async () => {
    const fake = await a3cx();
    const mangleKeys: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('readonly=false')) return response;
      const answer = (await response.json()) as { Items: Array<{ LicenseKeys: Array<{ LicenseKey: string }> }> };
      for (const item of answer.Items) for (const key of item.LicenseKeys) key.LicenseKey = 'not a key';
      return new Response(JSON.stringify(answer), { status: response.status, headers: response.headers });
    };
    const result = await aProvider(fake.url, { fetch: mangleKeys }).place(aNewLicense());
    expect(result).toMatchObject({ kind: 'uncertain', error: expect.stringContaining('does not carry the expected license keys') });
    expect(fake.placements()).toHaveLength(1);
  });
});

describe('refusalOf', () => {
  it.each([
    ['UpgradeIsNotAvailable', 'upgrade_not_available'],
    ['upgradeisnotavailable', 'upgrade_not_available'],
    ['UPGRADEISNOTAVAILABLE', 'upgrade_not_available'],
    ['CannotUpgradeKeyWithExpiredMaintenance', 'maintenance_expired'],
    ['cannotUpgradeKeyWithExpiredMaintenance', 'maintenance_expired'],
    ['CanNotUpgradeKeyWithAdditionalMaintenance', 'additional_maintenance'],
    ['CannotUpgradeKeyWithAdditionalMaintenance', 'additional_maintenance'],
    ['KeyVersionIsDeprecated', 'version_deprecated'],
    ['keyversionisdeprecated', 'version_deprecated'],
    ['LicenseKeyNotFound', 'other'],
    ['', 'other'],
    ['Upgrade Is Not Available', 'other'],
  ])('%j → %s, keeping the code as 3CX wrote it', (code, reason) => {
    expect(refusalOf(code)).toEqual({ reason, code });
  });
});

describe('threecxLicenseProvider.place: an answer the product could not keep', () => {
  it('a license of a size 3CX does not sell is no answer: uncertain, for staff', async () => {
    const license = anAnnualLicense({ expiresOn: '2026-12-16' });
    const fake = await a3cx([license]);
    const known = fake.licenses.get(license.key);
    if (!known) throw new Error('the fake does not know the key');
    known.sc = 7;
    const result = await aProvider(fake.url).place(aRequest(renewAnnual(license, 1, '2027-12-16')));
    expect(result).toMatchObject({ kind: 'uncertain', error: expect.stringContaining('does not carry the expected license keys') });
  });
});
