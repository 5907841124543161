// Loading the licenses resellers already hold through `npm run ops -- licenses:import`: shown
// first as what it adds and changes, recorded only with --yes (with each license's history and
// the audit log), refused with its line when a row is wrong, one load at a time; exported in the
// same shape; and a loaded key is then renewed in the chat like any other.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCli } from '../../support/admin-cli';
import { loggedInChat, lastText, renewalSummary, type Chat } from '../../support/console-flows';

const HEADER = 'key,partner_id,edition,sc,type,term_end,end_customer';

describe('npm run ops -- licenses:import and licenses:export', () => {
  let chat: Chat;
  let cli: ReturnType<typeof adminCli>;
  let dir: string;
  beforeAll(async () => {
    chat = await loggedInChat('demo');
    cli = adminCli(chat.demo);
    dir = await mkdtemp(path.join(os.tmpdir(), 'licenses-'));
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const licenses = () => chat.demo.knex('licenses').orderBy('license_key').select('license_key', 'edition', 'sc', 'type', 'expires_on', 'maintenance_until');
  const file = async (name: string, ...rows: string[]) => {
    const at = path.join(dir, name);
    await writeFile(at, `${[HEADER, ...rows].join('\n')}\n`);
    return at;
  };

  it('shows what a list adds and changes, records it only with --yes, and a loaded key is renewed in the chat', async () => {
    const list = await file('existing.csv',
      'ld01-ld01-ld01-ld01,100001,professional,8,annual,2027-03-31,harbor dental',
      'LD02LD02LD02LD02,100002,enterprise,16,perpetual,2026-12-31,"Kent Logistics, North"',
      '7Q2M-4K8P-ZX3N-1A9B,100001,professional,16,annual,2027-12-16,',
      'H3LT-9W2E-6RQ1-PK7V,100001,professional,16,annual,2027-06-14,Nordic Freight',
    );
    const before = await licenses();
    const preview = await cli.run('licenses:import', [list]);
    expect(preview).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'license list against the licenses recorded:',
        '  add LD01-LD01-LD01-LD01: partner 100001, professional 8 SC annual, expires 2027-03-31, end customer harbor dental',
        '  add LD02-LD02-LD02-LD02: partner 100002, enterprise 16 SC perpetual, maintenance until 2026-12-31, end customer Kent Logistics, North',
        '  change 7Q2M-4K8P-ZX3N-1A9B (partner 100001): 8 SC → 16 SC; expires 2026-12-16 → 2027-12-16',
        '  2 to add, 1 to change, 1 unchanged',
        'nothing changed: run again with --yes to apply it',
        '',
      ].join('\n'),
    });
    expect(await licenses()).toEqual(before);

    expect(await cli.json('licenses:import', [list, '--yes'])).toMatchObject({ kind: 'applied', unchanged: 1 });
    const rows = await chat.demo.knex('licenses as l').leftJoin('end_customers as c', 'c.id', 'l.end_customer_id').join('resellers as r', 'r.id', 'l.reseller_id')
      .whereIn('l.license_key', ['LD01-LD01-LD01-LD01', 'LD02-LD02-LD02-LD02', '7Q2M-4K8P-ZX3N-1A9B']).orderBy('l.license_key')
      .select('l.license_key', 'r.partner_id', 'l.sc', 'l.expires_on', 'l.maintenance_until', 'c.company');
    expect(rows).toEqual([
      { license_key: '7Q2M-4K8P-ZX3N-1A9B', partner_id: '100001', sc: 16, expires_on: '2027-12-16', maintenance_until: null, company: 'Harbor Dental' },
      // The existing customer, whatever the case it was typed in; a new one is added.
      { license_key: 'LD01-LD01-LD01-LD01', partner_id: '100001', sc: 8, expires_on: '2027-03-31', maintenance_until: null, company: 'Harbor Dental' },
      { license_key: 'LD02-LD02-LD02-LD02', partner_id: '100002', sc: 16, expires_on: null, maintenance_until: '2026-12-31', company: 'Kent Logistics, North' },
    ]);
    const events = await chat.demo.knex('license_events as e').join('licenses as l', 'l.id', 'e.license_id').where('e.actor', 'staff:admin1').orderBy('e.id').select('l.license_key', 'e.kind', 'e.before', 'e.after');
    expect(events).toMatchObject([
      { license_key: 'LD01-LD01-LD01-LD01', kind: 'imported', before: null, after: { source: 'licenses:import', termEnd: '2027-03-31' } },
      { license_key: 'LD02-LD02-LD02-LD02', kind: 'imported', before: null },
      { license_key: '7Q2M-4K8P-ZX3N-1A9B', kind: 'imported', before: { sc: 8, termEnd: '2026-12-16' }, after: { sc: 16, termEnd: '2027-12-16' } },
    ]);
    expect(await chat.demo.knex('audit_log').where({ action: 'licenses.imported' }).select('actor', 'details')).toEqual([{ actor: 'staff:admin1', details: { added: 2, changed: 1, unchanged: 1 } }]);
    // Applied again: nothing to do.
    expect((await cli.run('licenses:import', [list, '--yes'])).stdout).toContain('  0 added, 0 changed, 4 unchanged');

    // The reseller renews the loaded key in the chat, from its loaded expiry.
    const summary = await renewalSummary(chat, 'Renew annual license', 'ld01 ld01 ld01 ld01', 1);
    expect(lastText(summary)).toContain('Renew LD01-LD01-LD01-LD01: Professional 8 SC, 1 year');
    expect(lastText(summary)).toContain('End customer: Harbor Dental');
    expect(lastText(summary)).toContain('New expiry date: 2028-03-31');
  });

  it('refuses a wrong row with its line, a key recorded for another reseller, and a staff role, changing nothing', async () => {
    const before = await licenses();
    const wrong = await file('wrong.csv', 'LD03-LD03-LD03-LD03,100001,professional,8,annual,2027-03-31,', 'LD04-LD04-LD04-LD04,100001,professional,20,annual,2027-03-31,');
    expect(await cli.run('licenses:import', [wrong, '--yes'])).toEqual({ code: 1, stdout: '', stderr: `${wrong} line 3: 20 SC is not a size of professional: nothing changed\n` });
    const moved = await file('moved.csv', 'LD05-LD05-LD05-LD05,100001,professional,8,annual,2027-03-31,', 'B2RV-6P1W-3HQK-8ZNT,100001,professional,32,annual,2027-01-10,');
    expect((await cli.run('licenses:import', [moved, '--yes'])).stderr).toBe(`${moved} line 3: B2RV-6P1W-3HQK-8ZNT is recorded for partner 100002: move it on purpose (staff's Move license), not by a load: nothing changed\n`);
    const unknown = await file('unknown.csv', 'LD06-LD06-LD06-LD06,424242,professional,8,annual,2027-03-31,');
    expect((await cli.run('licenses:import', [unknown, '--yes'])).stderr).toBe(`${unknown} line 2: there is no reseller with partner id 424242: nothing changed\n`);
    const fine = await file('fine.csv', 'LD07-LD07-LD07-LD07,100001,professional,8,annual,2027-03-31,');
    expect(await cli.run('licenses:import', [fine, '--yes', '--by', 'staff1'])).toMatchObject({ code: 1, stderr: expect.stringContaining('only an administrator may do this') });
    expect((await cli.run('licenses:import', [path.join(dir, 'none.csv')])).stderr).toMatch(/^cannot read .*none\.csv \(ENOENT\): nothing changed\n$/);
    expect(await licenses()).toEqual(before);
  });

  it('runs two loads of the same new keys at once one after the other: each key recorded once', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `LT${String(i).padStart(2, '0')}-AAAA-BBBB-CCCC,100003,startup,4,annual,2027-05-01,Dom Apotheke`);
    const [a, b] = await Promise.all([file('a.csv', ...rows), file('b.csv', ...rows.slice().reverse())]);
    const results = await Promise.all([cli.json('licenses:import', [a, '--yes']), cli.json('licenses:import', [b, '--yes'])]);
    expect(results.map((r) => [r.kind, (r.added as unknown[]).length, r.unchanged]).sort()).toEqual([['applied', 0, 30], ['applied', 30, 0]]);
    expect(await chat.demo.knex('licenses').where('license_key', 'like', 'LT%').count({ n: '*' })).toEqual([{ n: 30 }]);
  });

  it('exports the recorded licenses in the same shape, which loads again unchanged', async () => {
    const all = await cli.run('licenses:export', []);
    expect(all.stdout.split('\n')[0]).toBe(HEADER);
    expect(all.stdout).toContain('\nLD02-LD02-LD02-LD02,100002,enterprise,16,perpetual,2026-12-31,"Kent Logistics, North"\n');
    const out = path.join(dir, 'acme.csv');
    expect((await cli.run('licenses:export', ['--reseller', '100001', '--out', out])).stdout).toMatch(/^\d+ license\(s\) in .*acme\.csv\n$/);
    const again = await cli.json('licenses:import', [out]);
    expect(again).toMatchObject({ kind: 'preview', added: [], changed: [] });
    expect(again.unchanged).toBe(Number(await chat.demo.knex('licenses as l').join('resellers as r', 'r.id', 'l.reseller_id').where('r.partner_id', '100001').count({ n: '*' }).then((r) => r[0]?.n)));
    expect((await cli.run('licenses:export', ['--reseller', '999999'])).stderr).toBe('there is no reseller with partner id 999999: nothing changed\n');
  });
});
