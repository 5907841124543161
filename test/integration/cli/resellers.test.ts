// The Admin portal's resellers through `npm run ops`: create, edit, suspend, reactivate, list;
// each change audited with the values before and after, a staff role refused, bad input refused
// with one line and nothing changed. A suspended reseller's users cannot log in (the chat says
// why) and its licenses get no reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_OFFSETS } from '../../../src/domain/reminders/reminder-offsets';
import { claimDueReminders } from '../../../src/infra/store/reminders';
import { adminCli, opsProcess } from '../../support/admin-cli';
import { consoleSession } from '../../support/console-driver';
import { demoStore } from '../../support/demo-store';

type Demo = Awaited<ReturnType<typeof demoStore>>;

describe('npm run ops -- resellers:…', () => {
  let demo: Demo;
  let cli: ReturnType<typeof adminCli>;
  beforeAll(async () => {
    demo = await demoStore();
    cli = adminCli(demo);
  });
  afterAll(async () => demo?.drop());

  const audit = (action: string) => demo.knex('audit_log').where({ action }).orderBy('id');
  const snapshot = async () => ({ resellers: await demo.knex('resellers').orderBy('partner_id'), audit: (await demo.knex('audit_log')).length });

  it('creates a reseller at a level (its discount the level\'s) and audits it', async () => {
    const result = await cli.run('resellers:create', ['--partner-id', '200001', '--company', 'Polder Telecom', '--country', 'nl', '--level', 'silver',
      '--street', 'Dam 1', '--postcode', '1012 JS', '--city', 'Amsterdam', '--vat-id', 'NL123456789B01', '--timezone', 'Europe/Amsterdam']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('reseller 200001 (Polder Telecom) created:');
    expect(result.stdout).toContain('partner level: silver (discount 20 %)');
    const row = await demo.knex('resellers').where({ partner_id: '200001' }).first();
    expect(row).toMatchObject({ company: 'Polder Telecom', country: 'NL', level_code: 'silver', discount_bp: 2000, timezone: 'Europe/Amsterdam', vat_id: 'NL123456789B01', address_city: 'Amsterdam', suspended_at: null });
    const [entry] = await audit('reseller.created');
    expect(entry).toMatchObject({ actor: 'staff:admin1', subject: `reseller:${row.id}`, details: { before: null, after: { partnerId: '200001', levelCode: 'silver', discountBp: 2000 } } });
  });

  it('edits the time zone, currency and partner level besides the legal details', async () => {
    const out = await cli.json('resellers:edit', ['200001', '--level', 'GOLD', '--timezone', 'Europe/Brussels', '--currency', 'eur', '--legal-name', 'Polder Telecom B.V.']);
    expect(out).toMatchObject({ kind: 'edited', before: { levelCode: 'silver', discountBp: 2000 }, after: { levelCode: 'gold', discountBp: 2500, timezone: 'Europe/Brussels', currency: 'EUR', legalName: 'Polder Telecom B.V.' } });
    const [entry] = await audit('reseller.edited');
    expect(entry.details).toMatchObject({ before: { levelCode: 'silver', timezone: 'Europe/Amsterdam', currency: null }, after: { levelCode: 'gold', timezone: 'Europe/Brussels', currency: 'EUR' } });
  });

  it('refuses bad input in one line, with exit 2 for usage and 1 for refusals, and changes nothing', async () => {
    const before = await snapshot();
    const cases: Array<[string, string[], number, RegExp]> = [
      ['resellers:create', ['--partner-id', '200001', '--company', 'Again', '--country', 'NL', '--level', 'gold'], 1, /^partner id 200001 is taken by another reseller: nothing changed\n$/],
      ['resellers:create', ['--partner-id', '200002', '--company', 'X Y', '--country', 'NL', '--level', 'diamond'], 1, /^--level must be one of the partner levels: bronze, silver, gold, platinum, titanium: nothing changed\n$/],
      ['resellers:create', ['--partner-id', '200002', '--company', 'X Y', '--country', 'NL'], 2, /^--level: /],
      ['resellers:create', ['--partner-id', '200002', '--company', 'X Y', '--country', 'NL', '--level', 'gold', '--colour', 'red'], 2, /^unknown option --colour: use --partner-id, /],
      ['resellers:edit', ['200001', '--timezone', 'Mars/Olympus'], 1, /^--timezone must be a time zone such as Europe\/Berlin or UTC: nothing changed\n$/],
      ['resellers:edit', ['200001', '--currency', 'USD'], 1, /^prices are in EUR only: --currency must be EUR or none: nothing changed\n$/],
      ['resellers:edit', ['999999', '--level', 'gold'], 1, /^no reseller with partner id 999999: nothing changed\n$/],
      ['resellers:suspend', [], 2, /^give the partner id of the reseller \(one\): nothing changed\n$/],
      ['resellers:reactivate', ['200001'], 1, /^reseller 200001 is not suspended: nothing changed\n$/],
      ['resellers:list', ['--country', 'Netherlands'], 2, /^--country: must be a two-letter country code such as NL: nothing changed\n$/],
    ];
    for (const [name, args, code, line] of cases) {
      const result = await cli.run(name, args);
      expect({ name, args, code: result.code, stdout: result.stdout }).toEqual({ name, args, code, stdout: '' });
      expect(result.stderr).toMatch(line);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses every change to a staff member who is not an administrator', async () => {
    const before = await snapshot();
    for (const [name, args] of [
      ['resellers:create', ['--partner-id', '200009', '--company', 'Nope BV', '--country', 'NL', '--level', 'gold']],
      ['resellers:edit', ['200001', '--level', 'bronze']],
      ['resellers:suspend', ['200001']],
    ] as const) {
      const result = await cli.run(name, [...args, '--by', 'staff1']);
      expect(result).toEqual({ code: 1, stdout: '', stderr: 'staff1 is staff, not an administrator: only an administrator may do this: nothing changed\n' });
    }
    expect(await snapshot()).toEqual(before);
    // Listing is no change: staff may.
    expect((await cli.run('resellers:list', ['--by', 'staff1'])).code).toBe(0);
  });

  it('suspends a reseller: its users cannot log in or order (the chat says why), its licenses get no reminders; reactivated, both come back', async () => {
    // A user logged in before the suspension, with a cart to check out.
    const open = await consoleSession({ demo, key: { chatId: 'acme-open', userId: 'acme-open' } });
    expect((await open.login('demo')).map((m) => m.text).join('\n')).toMatch(/Welcome, Dana Demo/);
    const suspended = await cli.json('resellers:suspend', ['100001', '--reason', 'unpaid invoices']);
    try {
      expect((await open.send('/cart')).map((m) => m.text)).toEqual(['Your session has ended. Please log in again.', 'What is your username?']);
      await open.send('demo');
      expect((await open.send('demo-pass-1'))[0]?.text).toMatch(/^Your company's account with Demo Distribution B\.V\. is suspended/);
    } finally {
      await open.close();
    }
    expect(await demo.knex('orders')).toEqual([]);
    expect(suspended).toMatchObject({ kind: 'suspended', reseller: { partnerId: '100001', suspendedAt: '2026-11-26T10:00:00.000Z' } });
    const [entry] = await audit('reseller.suspended');
    expect(entry).toMatchObject({ actor: 'staff:admin1', details: { before: { suspendedAt: null }, after: { suspendedAt: '2026-11-26T10:00:00.000Z' }, reason: 'unpaid invoices' } });
    expect(await demo.knex('reseller_users').where({ username: 'demo' }).first()).toBeTruthy();

    const listed = await cli.run('resellers:list', ['--suspended']);
    expect(listed.stdout).toBe('100001\tAcme Telecom B.V.\tNL\tgold 25 %\tEurope/Amsterdam\tSUSPENDED since 2026-11-26\n');

    const chat = await consoleSession({ demo });
    try {
      await chat.send('demo');
      const refused = await chat.send('demo-pass-1');
      expect(refused.map((m) => m.text)).toEqual([
        "Your company's account with Demo Distribution B.V. is suspended: you cannot log in or order for now. Please contact them.", 'What is your username?',
      ]);
      // Another reseller's users are not affected.
      await chat.send('rhein');
      expect((await chat.send('rhein-pass-1'))[0]?.text).toMatch(/^Welcome, /);
    } finally {
      await chat.close();
    }

    const claim = () => demo.knex.transaction((trx) => claimDueReminders(trx, { today: '2026-11-26', now: new Date('2026-11-26T10:00:00Z'), offsets: DEFAULT_REMINDER_OFFSETS }));
    const acme = (await demo.knex('resellers').where({ partner_id: '100001' }).first()).id;
    // The owner's Telegram chat, linked before the suspension.
    await demo.knex('channel_identities').insert({ channel: 'telegram', external_user_id: '7001', chat_id: '7001', reseller_user_id: (await demo.userNamed('demo')).user.id });
    expect((await claim()).filter((r) => r.resellerId === acme)).toEqual([]);
    await cli.run('resellers:reactivate', ['100001']);
    expect((await claim()).filter((r) => r.resellerId === acme).length).toBeGreaterThan(0);
    expect((await audit('reseller.reactivated'))[0]?.details).toMatchObject({ before: { suspendedAt: '2026-11-26T10:00:00.000Z' }, after: { suspendedAt: null } });
  });

  it('runs through the real entry point with --json', async () => {
    const result = await opsProcess(demo.url, ['resellers:list', '--level', 'silver', '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { kind: string; resellers: Array<{ partnerId: string }> };
    expect(listed.resellers.map((r) => r.partnerId)).toEqual(['100002']);
    const bad = await opsProcess(demo.url, ['resellers:create', '--company']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe('--company needs a value: nothing changed\n');
  }, 60_000);
});
