// Partner levels and price lists through `npm run ops`: a level's discount moves its resellers
// on the default and not those with a deal; a price list imported with a future date is shown
// as a difference first, then changes quotes on that day and not before (pricing.md's amounts
// stay exact until then); the list of a day exported as CSV and read back.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteRequest } from '../../../src/domain/use-cases/quotes';
import { fixedClock } from '../../../src/infra/clock';
import { adminCli } from '../../support/admin-cli';
import { demoStore } from '../../support/demo-store';

type Demo = Awaited<ReturnType<typeof demoStore>>;

describe('npm run ops -- levels:… and prices:…', () => {
  let demo: Demo;
  let cli: ReturnType<typeof adminCli>;
  let dir: string;
  beforeAll(async () => {
    demo = await demoStore();
    cli = adminCli(demo, { clock: fixedClock('2026-11-26T10:00:00Z') });
    dir = await mkdtemp(path.join(os.tmpdir(), 'prices-'));
  });
  afterAll(async () => {
    await demo?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const discount = async (partnerId: string) => (await demo.knex('resellers').where({ partner_id: partnerId }).first()).discount_bp;

  it('lists the levels and moves the resellers on a level\'s discount with it, not those with a deal', async () => {
    expect((await cli.run('levels:list', [])).stdout.split('\n')[2]).toBe('gold\tGold\t25 %\t1 reseller(s)');
    await demo.knex('resellers').where({ partner_id: '100003' }).update({ discount_bp: 1700 }); // Rhein: bronze, with a deal
    expect((await cli.run('levels:set', ['gold', '--discount', '27.5'])).stdout).toBe('gold (Gold): 25 % → 27.5 %\n1 reseller(s) on the level\'s discount moved with it; resellers with a discount of their own keep it\n');
    expect(await discount('100001')).toBe(2750);
    await cli.run('levels:set', ['bronze', '--discount', '16']);
    expect(await discount('100003')).toBe(1700);
    expect(await demo.knex('audit_log').where({ action: 'partner_level.saved', subject: 'partner_level:gold' }).first()).toMatchObject({
      actor: 'staff:admin1', details: { before: { discountBp: 2500 }, after: { discountBp: 2750 }, resellersMoved: 1 },
    });
    expect(await cli.json('levels:set', ['diamond', '--name', 'Diamond', '--discount', '40'])).toMatchObject({ kind: 'level_saved', before: null, after: { code: 'diamond', rank: 6, discountBp: 4000 } });
    expect((await cli.run('levels:set', ['ruby', '--discount', '41'])).stderr).toBe('there is no level ruby: a new level needs --name and --discount: nothing changed\n');
    expect((await cli.run('levels:set', ['gold', '--discount', '120'])).stderr).toBe('--discount: must be at most 100: nothing changed\n');
    expect((await cli.run('levels:set', ['gold', '--discount', '20', '--by', 'staff1'])).code).toBe(1);
    expect(await discount('100001')).toBe(2750);
  });

  it('shows a future price list\'s difference, applies it only with --yes, and quotes change on its day and not before', async () => {
    const file = path.join(dir, '2027.csv');
    await writeFile(file, 'edition,sc,kind,price\nprofessional,16,annual,650.00\nenterprise,16,annual,775.00\nenterprise,2048,annual,1.00\n');
    expect((await cli.run('prices:import', [file, '--effective', '2027-01-01'])).stderr).toBe(`${file} line 4: 2048 SC is not sold in enterprise: nothing changed\n`);
    await writeFile(file, 'edition,sc,kind,price\nprofessional,16,annual,650.00\nenterprise,16,annual,775.00\n');
    const rows = (await demo.knex('catalog_prices')).length;
    const preview = await cli.run('prices:import', [file, '--effective', '2027-01-01']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/professional 16 SC annual: .*595\.00 → .*650\.00\n/);
    expect(preview.stdout).toContain('1 changed, 1 unchanged, 51 not in the file keep their price');
    expect(preview.stdout).toContain('nothing changed: run again with --yes to apply it');
    expect((await demo.knex('catalog_prices')).length).toBe(rows);

    const applied = await cli.json('prices:import', [file, '--effective', '2027-01-01', '--yes']);
    expect(applied).toMatchObject({ kind: 'applied', diff: { changed: [{ edition: 'professional', sc: 16, kind: 'annual', before: 59_500, after: 65_000 }] } });
    expect(await demo.knex('audit_log').where({ action: 'prices.imported' }).first()).toMatchObject({ details: { before: [{ item: 'professional/16/annual', cents: 59_500 }], after: [{ item: 'professional/16/annual', cents: 65_000 }] } });

    // pricing.md's worked example: Professional 16 SC, quantity 2, 1 additional year.
    const { reseller } = await demo.userNamed('demo');
    const request = { kind: 'new_license', edition: 'professional', sc: 16, quantity: 2, additionalYears: 1, customerId: null } as const;
    const listOn = async (today: string) => {
      const { result } = await demo.store.transaction((repos) => quoteRequest(repos, demo.provider, { resellerId: reseller.id, request, today }));
      return result.kind === 'ok' ? result.quote.listCents : result.kind;
    };
    expect(await listOn('2026-11-26')).toBe(238_000);
    expect(await listOn('2026-12-31')).toBe(238_000);
    expect(await listOn('2027-01-01')).toBe(260_000);
  });

  it('exports the list of a day as CSV that imports again unchanged', async () => {
    const now = await cli.run('prices:export', []);
    expect(now.stdout.split('\n').slice(0, 3)).toEqual(['edition,sc,kind,price', 'startup,4,annual,175.00', 'professional,4,annual,195.00']);
    expect(now.stdout).toContain('professional,16,annual,595.00\n');
    const out = path.join(dir, 'export.csv');
    expect((await cli.run('prices:export', ['--date', '2027-01-01', '--out', out])).code).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv).toContain('professional,16,annual,650.00\n');
    expect(csv.trim().split('\n')).toHaveLength(54);
    expect(await cli.json('prices:import', [out, '--effective', '2027-02-01'])).toMatchObject({ kind: 'preview', diff: { changed: [], unchanged: 53, kept: [] } });
  });

  it('refuses a past date, a bad date, an unreadable file and a staff role, changing nothing', async () => {
    const file = path.join(dir, '2027.csv');
    const rows = (await demo.knex('catalog_prices')).length;
    expect((await cli.run('prices:import', [file, '--effective', '2026-11-25', '--yes'])).stderr).toBe('--effective must be today (2026-11-26) or later: quotes already given stay as they were: nothing changed\n');
    expect(await cli.run('prices:import', [file, '--effective', '2027-02-30', '--yes'])).toEqual({ code: 2, stdout: '', stderr: '--effective: is not a date of the calendar: nothing changed\n' });
    expect((await cli.run('prices:import', [path.join(dir, 'none.csv'), '--effective', '2027-03-01', '--yes'])).stderr).toMatch(/^cannot read .*none\.csv \(ENOENT\): nothing changed\n$/);
    expect((await cli.run('prices:import', [file, '--effective', '2027-03-01', '--yes', '--by', 'staff1'])).code).toBe(1);
    expect((await demo.knex('catalog_prices')).length).toBe(rows);
  });
});
