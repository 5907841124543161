// `npm run ops -- resellers:edit` through its real entry point, on a demo database, with the VAT
// check pointed (VAT_CHECK_URL) at a fake of the VIES service on 127.0.0.1.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStore } from '../../support/demo-store';
import { startFakeVatService, type FakeVatService } from '../../support/fake-vat-service';
import { freePort } from '../../support/http-helpers';

type Demo = Awaited<ReturnType<typeof demoStore>>;

describe('npm run ops -- resellers:edit', () => {
  let demo: Demo;
  let vies: FakeVatService;
  beforeAll(async () => {
    [demo, vies] = await Promise.all([demoStore(), startFakeVatService()]);
  });
  afterAll(async () => {
    await Promise.all([demo?.drop(), vies?.close()]);
  });

  function ops(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/ops.ts', 'resellers:edit', ...args], {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: demo.url, VAT_CHECK_URL: vies.url, APP_NOW: '2026-11-26T10:00:00Z', LOG_LEVEL: 'warn', ...env },
        timeout: 60_000,
      }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      });
    });
  }
  const rhein = () => demo.knex('resellers').where({ partner_id: '100003' }).first();
  const edits = () => demo.knex('audit_log').where({ action: 'reseller.edited' }).orderBy('id');

  it('checks a VAT ID typed any way at the VAT service, stores it verified, and logs the values before and after', async () => {
    const result = await ops(['100003', '--vat-id', 'de 123.456-789', '--legal-name', 'Rhein Telefonie GmbH & Co. KG']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('reseller 100003 (Rhein Telefonie GmbH) updated:');
    expect(result.stdout).toContain('VAT ID: DE123456789 (verified)');
    expect(result.stdout).toContain('VAT: reverse charge at 0 %');
    expect(vies.requests.at(-1)).toEqual({ countryCode: 'DE', vatNumber: '123456789' });
    expect(await rhein()).toMatchObject({ vat_id: 'DE123456789', vat_id_verified: true, vat_id_checked_at: new Date('2026-11-26T10:00:00Z'), legal_name: 'Rhein Telefonie GmbH & Co. KG', vat_rate_bp: null });
    const [entry] = await edits();
    expect(entry).toMatchObject({ actor: expect.stringMatching(/^staff:/), subject: expect.stringMatching(/^reseller:/), details: {
      before: { legalName: 'Rhein Telefonie GmbH', vatId: 'DE123456789', vatIdVerified: null, vatTreatment: 'reverse_charge', vatRateBp: 0 },
      after: { legalName: 'Rhein Telefonie GmbH & Co. KG', vatId: 'DE123456789', vatIdVerified: true, vatTreatment: 'reverse_charge', vatRateBp: 0 },
      vatIdCheck: 'valid',
    } });
  });

  it('stores a VAT ID unverified when the service cannot answer, or is not there at all', async () => {
    vies.answer('DE987654321', 'ms_unavailable');
    const unavailable = await ops(['100003', '--vat-id', 'DE987654321']);
    expect(unavailable).toMatchObject({ code: 0, stderr: '' });
    expect(unavailable.stdout).toContain('VAT ID: DE987654321 (unverified: the check service MS_UNAVAILABLE)');
    expect(await rhein()).toMatchObject({ vat_id: 'DE987654321', vat_id_verified: null, vat_id_checked_at: new Date('2026-11-26T10:00:00Z') });

    const down = await ops(['100003', '--vat-id', 'DE123456789'], { VAT_CHECK_URL: `http://127.0.0.1:${await freePort()}/check-vat-number` });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('VAT ID: DE123456789 (unverified: the check service cannot be reached (ECONNREFUSED))');
    expect(await rhein()).toMatchObject({ vat_id: 'DE123456789', vat_id_verified: null });
  });

  it('sets an explicit rate, which wins over the treatment, and moves the address', async () => {
    const result = await ops(['100003', '--vat-rate', '19', '--street', 'Hohe Straße 1', '--postcode', '50667']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('address: Hohe Straße 1, 50667 Köln, DE');
    expect(result.stdout).toContain('VAT: domestic at 19 % (explicit rate)');
    const back = await ops(['100003', '--vat-rate', 'none']);
    expect(back.stdout).toContain('VAT: reverse charge at 0 %');
    const { user } = await demo.userNamed('rhein');
    const reseller = await demo.store.transaction((repos) => repos.resellers.get(user.resellerId));
    expect(reseller).toMatchObject({ vatRateBp: 0, vatTreatment: 'reverse_charge', explicitVatRateBp: null, address: { street: 'Hohe Straße 1', postcode: '50667', city: 'Köln', country: 'DE' } });
  });

  it('refuses bad input in one line, exits non-zero and changes nothing', async () => {
    vies.answer('DE111111111', 'invalid');
    const before = { row: await rhein(), edits: (await edits()).length };
    // Every refusal's line is tested in test/unit/cli/reseller-edit.test.ts; here, one of each kind through the entry point.
    const cases: Array<[string[], number, RegExp]> = [
      [['100003', '--vat-id', 'NL123456789B01'], 1, /^that VAT ID starts with NL, but the reseller is in DE: expected DE followed by 9 digits: nothing changed\n$/],
      [['100003', '--vat-id', 'DE111111111'], 1, /^the VAT check service says DE111111111 is not a valid VAT number: nothing changed\n$/],
      [['100003', '--colour', 'red'], 2, /^unknown option --colour: use --legal-name/],
    ];
    for (const [args, code, message] of cases) {
      const result = await ops(args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code, stdout: '' });
      expect(result.stderr).toMatch(message);
    }
    expect({ row: await rhein(), edits: (await edits()).length }).toEqual(before);
  }, 60_000);
});
