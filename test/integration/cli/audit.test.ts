// Searching the audit log with `npm run ops -- audit`: by person (an administrator, a reseller
// user), by reseller (what was done to it, its users and its orders), by order, by days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/infra/clock';
import { adminCli } from '../../support/admin-cli';
import { addToCart, loggedInChat, newLicenseSummary, placeOfflineOrder, type Chat } from '../../support/console-flows';

describe('npm run ops -- audit', () => {
  let chat: Chat;
  let cli: ReturnType<typeof adminCli>;
  let orderNumber: number;
  beforeAll(async () => {
    chat = await loggedInChat('demo');
    cli = adminCli(chat.demo);
    await newLicenseSummary(chat, { edition: 'Startup', sc: 4, quantity: 1, years: 1 });
    await addToCart(chat);
    await placeOfflineOrder(chat);
    orderNumber = Number((await chat.demo.knex('orders').first('number')).number);
    await cli.run('resellers:suspend', ['100002', '--reason', 'test']);
    await cli.run('users:role', ['sales1', '--role', 'support']);
    // Two days later, another administrator's change.
    await chat.demo.knex('staff_users').where({ username: 'staff1' }).update({ role: 'admin' });
    await adminCli(chat.demo, { clock: fixedClock('2026-11-28T09:00:00Z'), operator: 'staff1' }).run('resellers:edit', ['100001', '--timezone', 'Europe/Berlin']);
    // The audit log takes its times from the database's clock: the test moves them to the days
    // it searches (the append-only trigger set aside for that only).
    await chat.demo.knex.raw(`alter table audit_log disable trigger audit_log_append_only`);
    await chat.demo.knex('audit_log').where({ action: 'reseller.edited' }).update({ at: new Date('2026-11-28T09:00:00Z') });
    await chat.demo.knex('audit_log').whereNot({ action: 'reseller.edited' }).update({ at: new Date('2026-11-26T10:00:00Z') });
    await chat.demo.knex.raw(`alter table audit_log enable trigger audit_log_append_only`);
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });

  const actions = async (args: string[]) => ((await cli.json('audit', args)).entries as Array<{ action: string }>).map((e) => e.action);

  it('finds what a person did, or what was done to them', async () => {
    expect(await actions(['--person', 'admin1'])).toEqual(['user.role_changed', 'reseller.suspended']);
    expect(await actions(['--person', 'staff1'])).toEqual(['reseller.edited']);
    expect(await actions(['--person', 'demo'])).toEqual(['order.placed', 'user.login']);
    expect(await actions(['--person', 'sales1'])).toEqual(['user.role_changed']);
  });

  it('finds what concerns a reseller (itself, its users, its orders) or one order', async () => {
    expect(await actions(['--reseller', '100001'])).toEqual(['reseller.edited', 'user.role_changed', 'order.placed', 'user.login']);
    expect(await actions(['--reseller', '100002'])).toEqual(['reseller.suspended']);
    expect(await actions(['--order', String(orderNumber)])).toEqual(['order.placed']);
    expect(await actions(['--reseller', '100001', '--person', 'admin1'])).toEqual(['user.role_changed']);
  });

  it('finds by days of the distributor (both inclusive), and prints one line per entry', async () => {
    expect(await actions(['--from', '2026-11-27'])).toEqual(['reseller.edited']);
    expect(await actions(['--to', '2026-11-27', '--reseller', '100001'])).toEqual(['user.role_changed', 'order.placed', 'user.login']);
    const text = await cli.run('audit', ['--person', 'staff1']);
    // People and things by name: the actor's username, the reseller's company and partner id.
    const company = String((await chat.demo.knex('resellers').where({ partner_id: '100001' }).first('company')).company);
    expect(text.stdout).toMatch(new RegExp(`^2026-11-28T09:00:00\\.000Z\tstaff1\treseller\\.edited\t${company.replace(/\./g, '\\.')} \\(partner 100001\\)\t\\{.*\\}\n$`));
    const [entry] = (await cli.json('audit', ['--person', 'staff1'])).entries as Array<{ details: { before: { timezone: string }; after: { timezone: string } } }>;
    expect([entry?.details.before.timezone, entry?.details.after.timezone]).toEqual(['Europe/Amsterdam', 'Europe/Berlin']);
  });

  it('names a reseller user and an order in its lines; --json keeps the raw ids beside the names', async () => {
    const text = await cli.run('audit', ['--person', 'demo']);
    const company = String((await chat.demo.knex('resellers').where({ partner_id: '100001' }).first('company')).company);
    expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`\tdemo \\(${company.replace(/\./g, '\\.')}\\)\torder\\.placed\torder ${orderNumber}\t`));
    const order = await chat.demo.knex('orders').where({ number: orderNumber }).first('id', 'placed_by');
    const [placed] = (await cli.json('audit', ['--order', String(orderNumber)])).entries as Array<Record<string, unknown>>;
    expect(placed).toMatchObject({ actor: `user:${order.placed_by}`, actorName: `demo (${company})`, subject: `order:${order.id}`, subjectName: `order ${orderNumber}` });
  });

  it('refuses what it cannot find or read, with one line', async () => {
    expect(await cli.run('audit', ['--reseller', '999'])).toEqual({ code: 1, stdout: '', stderr: 'no reseller with partner id 999: nothing changed\n' });
    expect((await cli.run('audit', ['--order', 'TCX-999999-00'])).stderr).toBe('no order TCX-999999-00: give its number (42) or its payment reference (TCX-000042-xx): nothing changed\n');
    expect((await cli.run('audit', ['--from', '2026-12-01', '--to', '2026-11-01'])).stderr).toBe('--from must be on or before --to: nothing changed\n');
    expect((await cli.run('audit', ['--limit', '0'])).code).toBe(2);
  });
});
