// An administrator's catalogue and messages in the JSONL console: partner levels, price lists,
// coupons and broadcasts, each through the Admin portal's use cases: the effect, the audit entry,
// a bad input said and the step kept, a confirmation pressed twice or late doing nothing but say
// so. A staff user and a reseller's owner reach none of it. A price list entered in the chat with
// a future date changes the owner's quotes on that day and not before.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueCommand } from '../../../src/conversation/flows/admin-catalogue/commands';
import { fixedClock } from '../../../src/infra/clock';
import { knexAdminStore } from '../../../src/infra/store/admin/admin-store';
import { sendBroadcast } from '../../../src/domain/use-cases/admin/broadcasts';
import { couponReport } from '../../../src/domain/use-cases/admin/coupons';
import { consoleSession } from '../../support/console-driver';
import { addToCart, labels, lastText, newLicenseSummary, placeOfflineOrder, textOf, type Chat, type Demo } from '../../support/console-flows';
import { demoStore } from '../../support/demo-store';

let demo: Demo;
let admin: Chat;
let staff: Chat;
let owner: Chat;
let sales: Chat;
const clock = fixedClock('2026-11-26T10:00:00Z');
/** The outbox messages the chat handed to the notifications job. */
const delivered: number[] = [];

const STALE = 'That button belongs to an older message and was not used.';
const count = async (action: string) => Number((await demo.knex('audit_log').where({ action }).count('* as n').first())?.n);

/** The press of `action` on the chat's latest message, as a forged id with that message's nonce. */
function forged(chat: Chat, action: string): string {
  const id = chat.lastWithButtons().buttons.flat().find((b) => b.id)?.id ?? '';
  return `${id.split(':')[0]}:${action}`;
}

async function toCatalogue(where: 'Partner levels' | 'Prices' | 'Coupons' | 'Broadcasts') {
  await admin.send('/menu');
  await admin.press('Admin');
  await admin.press('Catalogue & messages');
  return admin.press(where);
}

beforeAll(async () => {
  demo = await demoStore();
  const jobs = { deliver: async (ids: number[]) => void delivered.push(...ids), fulfil: async () => undefined };
  admin = await consoleSession({ demo, clock, jobs, key: { chatId: 'admin', userId: 'admin' } });
  staff = await consoleSession({ demo, clock, key: { chatId: 'staff', userId: 'staff' } });
  owner = await consoleSession({ demo, clock, key: { chatId: 'owner', userId: 'owner' } });
  await owner.login('demo');
  sales = await consoleSession({ demo, clock, key: { chatId: 'sales', userId: 'sales' } });
  await sales.login('sales1', 'sales-pass-1');
  await staff.login('staff1', 'staff-pass-1');
  await admin.login('admin1', 'admin-pass-1');
});

afterAll(async () => {
  await admin?.close();
  await staff?.close();
  await owner?.close();
  await sales?.close();
  await demo?.drop();
});

describe('who may', () => {
  it('the admin menu has Catalogue & messages, with levels, prices, coupons and broadcasts', async () => {
    await admin.press('Admin');
    const menu = await admin.press('Catalogue & messages');
    expect(lastText(menu)).toMatch(/^Catalogue & messages: partner levels/);
    expect(labels(menu)).toEqual(['Partner levels', 'Prices', 'Coupons', 'Broadcasts', 'Admin menu']);
  });

  it('staff1 pressing the entry (forged), or typing at a catalogue step it was left at, is refused, saying so', async () => {
    // As an administrator made staff while at the admin menu, then at the levels' list: the step itself refuses.
    const leftAt = (step: string) => demo.knex('conversations').where({ chat_id: 'staff' }).update({ state: demo.knex.raw(`jsonb_set(state, '{step}', ?::jsonb)`, [step]) });
    await leftAt('{"name":"admin_menu"}');
    expect(textOf(await staff.pressId(forged(staff, 'admin.catalogue')))).toContain('Only an administrator may do that: nothing was done.');
    await leftAt('{"name":"cat_menu"}');
    expect(textOf(await staff.pressId(forged(staff, 'catalogue.levels')))).toContain('Only an administrator may do that: nothing was done.');
    await leftAt('{"name":"cat_levels","levels":[]}');
    const refused = await staff.send('gold 30%');
    expect(textOf(refused)).toContain('Only an administrator may do that: nothing was done.');
    expect(lastText(refused)).toMatch(/^Staff menu — Sam Staff/);
    expect(await count('partner_level.saved')).toBe(0);
  });

  it('the owner\'s and a sales user\'s forged catalogue presses are not used', async () => {
    for (const reseller of [owner, sales]) {
      await reseller.send('/menu');
      for (const action of ['admin.catalogue', 'catalogue.levels', 'catalogue.yes']) {
        const out = await reseller.pressId(forged(reseller, action));
        expect(textOf(out)).toContain(STALE);
        expect(textOf(out)).not.toContain('Catalogue & messages');
      }
    }
  });

  it('every catalogue command forged into the interpreter is refused to a reseller and to a staff user, and changes nothing', async () => {
    const { interpret } = await import('../../../src/conversation/interpreter');
    const { adminDesk } = await import('../../../src/infra/store/admin/admin-desk');
    const { testHasher } = await import('../../support/demo-store');
    const ctx = (chatId: string) => ({
      licenses: demo.provider, hasher: testHasher, now: new Date(), today: '2026-11-26', timeZone: 'UTC', paymentMethods: ['offline' as const],
      channel: 'console' as const, chatId, externalUserId: chatId, afterCommit: () => undefined, admin: adminDesk(demo.knex, { hasher: testHasher, telegramBot: null }),
    });
    const commands: CatalogueCommand[] = [
      { kind: 'catalogue_levels' }, { kind: 'catalogue_level_set', change: { code: 'gold', name: null, discountBp: 9000 } }, { kind: 'catalogue_price_export' },
      { kind: 'catalogue_price_import', effective: '2027-01-01', csv: 'edition,sc,kind,price\nprofessional,16,annual,1.00\n', added: 0, apply: true },
      { kind: 'catalogue_coupon_create', request: { code: 'FORGED', value: { type: 'percent', basisPoints: 9000 }, validFrom: '2026-11-26', validUntil: '2027-01-01', minSubtotalCents: null, appliesTo: null, maxRedemptions: null, perResellerLimit: null } },
      { kind: 'catalogue_coupon_disable', code: 'WELCOME10' }, { kind: 'catalogue_coupon_report' }, { kind: 'catalogue_coupon_report', code: 'WELCOME10' },
      { kind: 'catalogue_broadcast_preview', text: 'forged', audience: { level: null, country: null } }, { kind: 'catalogue_broadcast_send', id: 1 }, { kind: 'catalogue_broadcast_history' },
      { kind: 'catalogue_broadcast_recipients', id: 1, page: 0 },
    ];
    for (const [chatId, expected] of [['owner', 'not_allowed'], ['sales', 'not_allowed'], ['staff', 'admin_only']] as const) {
      const saved = await demo.knex('conversations').where({ chat_id: chatId }).first('state');
      for (const command of commands) {
        expect(await demo.store.transaction((repos) => interpret(command, saved.state, repos, ctx(chatId)))).toEqual({ kind: expected });
      }
    }
    expect(await demo.knex('audit_log').whereIn('action', ['partner_level.saved', 'prices.imported', 'coupon.created', 'coupon.disabled', 'broadcast.sent']).count('* as n').first()).toEqual({ n: 0 });
    expect(await demo.knex('broadcasts').count('* as n').first()).toEqual({ n: 0 });
  });
});

describe('partner levels', () => {
  it('lists the levels; a bad discount is said and the list kept; a change is confirmed, moves the level\'s resellers, is audited; Yes pressed twice does nothing more', async () => {
    const list = await toCatalogue('Partner levels');
    expect(lastText(list)).toContain('• gold — Gold: 25 %, 1 reseller');
    const bad = await admin.send('gold 120%');
    expect(textOf(bad)).toContain('The discount must be a percentage from 0 to 100, like 27.5%.');
    expect(lastText(bad)).toMatch(/^Partner levels/);
    expect(textOf(await admin.send('ruby 41%'))).toContain('There is no level with that code: a new level needs a discount and a name');
    const confirm = await admin.send('gold 27.5%');
    expect(lastText(confirm)).toBe('Change partner level gold (Gold)?\nDiscount: 25 % → 27.5 %. Of the level\'s 1 reseller(s), those on its discount get the new one; those with a discount of their own keep it.');
    const yes = admin.buttonId('Yes, do it');
    const saved = await admin.pressId(yes);
    expect(textOf(saved)).toContain('Partner level gold (Gold) saved: 25 % → 27.5 %; 1 reseller(s) moved with its discount.');
    expect(lastText(saved)).toContain('• gold — Gold: 27.5 %, 1 reseller');
    expect((await demo.knex('resellers').where({ partner_id: '100001' }).first('discount_bp')).discount_bp).toBe(2750);
    expect(await demo.knex('audit_log').where({ action: 'partner_level.saved' }).first('actor', 'details')).toMatchObject({
      actor: 'staff:admin1', details: { before: { discountBp: 2500 }, after: { discountBp: 2750 }, resellersMoved: 1 },
    });
    expect(textOf(await admin.pressId(yes))).toContain(STALE);
    expect(await count('partner_level.saved')).toBe(1);
  });

  it('adds a level after confirming; No changes nothing', async () => {
    await toCatalogue('Partner levels');
    await admin.send('gold name Gold Plus');
    expect(textOf(await admin.press('No'))).toContain('Nothing was done.');
    expect(lastText(await admin.send('diamond 40% Diamond'))).toBe('Add partner level diamond "Diamond" with a discount of 40 %?');
    const added = await admin.press('Yes, do it');
    expect(lastText(added)).toContain('• diamond — Diamond: 40 %, 0 resellers');
    expect(await demo.knex('partner_levels').where({ code: 'diamond' }).first('name', 'discount_bp')).toEqual({ name: 'Diamond', discount_bp: 4000 });
    expect(await count('partner_level.saved')).toBe(2);
  });
});

describe('prices', () => {
  it('exports the list in force today as a CSV file', async () => {
    await toCatalogue('Prices');
    const out = await admin.press('Export CSV');
    expect(textOf(out)).toContain('The price list in force on 2026-11-26: 53 prices (edition,sc,kind,price).');
    const file = /Saved as (\S+prices-2026-11-26\.csv)/.exec(textOf(out))?.[1] ?? '';
    expect((await readFile(file, 'utf8')).split('\n').slice(0, 2)).toEqual(['edition,sc,kind,price', 'startup,4,annual,175.00']);
  });

  it('imports pasted lines for a future day: a past day and a bad line are refused (with its number, nothing stored); the diff is shown; Yes applies it; quotes change on that day and not before', async () => {
    const rows = (await demo.knex('catalog_prices')).length;
    await toCatalogue('Prices');
    await admin.press('Import a list');
    const past = await admin.send('2026-11-20');
    expect(textOf(past)).toContain('The day must be today (2026-11-26) or later');
    expect(lastText(past)).toMatch(/^From which day/);
    expect(lastText(await admin.send('2027-01-01'))).toMatch(/^Paste the price lines for 2027-01-01/);
    const badLine = await admin.send('professional,16,annual,650.00\nenterprise,2048,annual,1.00');
    expect(textOf(badLine)).toContain('Nothing was stored: line 2: 2048 SC is not sold in enterprise. Correct it and paste the lines again.');
    expect(lastText(badLine)).toMatch(/^Paste the price lines for 2027-01-01/);
    expect((await demo.knex('catalog_prices')).length).toBe(rows);

    const diff = await admin.send('professional,16,annual,650.00\nenterprise,16,annual,775.00');
    expect(lastText(diff)).toBe([
      'Price list from 2027-01-01 (2 prices) against the list in force the day before:',
      '• professional 16 SC annual: EUR 595.00 → EUR 650.00',
      '1 changed, 1 unchanged, 51 not in the list keep their price.',
      'Nothing is stored yet. Apply this list? (Or paste corrected lines to see their difference instead.)',
    ].join('\n'));
    expect((await demo.knex('catalog_prices')).length).toBe(rows);
    const yes = admin.buttonId('Yes, apply');
    expect(textOf(await admin.pressId(yes))).toContain('The price list from 2027-01-01 is stored (1 changed): quotes from that day use it.');
    expect(await demo.knex('audit_log').where({ action: 'prices.imported' }).first('actor', 'details')).toMatchObject({
      actor: 'staff:admin1', details: { effective: '2027-01-01', before: [{ item: 'professional/16/annual', cents: 59_500 }], after: [{ item: 'professional/16/annual', cents: 65_000 }] },
    });
    expect(textOf(await admin.pressId(yes))).toContain(STALE);
    expect(await count('prices.imported')).toBe(1);

    // pricing.md's worked example (Professional 16 SC, 2 licenses, 2 years) in the owner's chat.
    const listOn = async (day: string) => {
      clock.set(day);
      return textOf(await newLicenseSummary(owner, { edition: 'Professional', sc: 16, quantity: 2, years: 2 }));
    };
    try {
      expect(await listOn('2026-12-31')).toContain('EUR 2,380.00');
      const onTheDay = await listOn('2027-01-01');
      expect(onTheDay).toContain('EUR 2,600.00');
      expect(onTheDay).not.toContain('EUR 2,380.00');
    } finally {
      clock.set('2026-11-26T10:00:00Z');
    }
  });
});

describe('coupons', () => {
  it('creates one from a typed line after its summary; a bad value is said and the step kept; the same code again is refused; audited', async () => {
    await toCatalogue('Coupons');
    await admin.press('Create a coupon');
    const bad = await admin.send('SPRING25 ten% until 2027-03-31');
    expect(textOf(bad)).toContain('"ten%" is not a discount');
    expect(lastText(bad)).toMatch(/^Type the coupon on one line/);
    expect(textOf(await admin.send('SPRING25 10% from 2026-12-01'))).toContain('Say until which day the coupon is valid');
    const summary = await admin.send('spring25 10% until 2027-03-31 minimum 500.00 kinds new_license,upgrade uses 100 per-reseller 2');
    expect(lastText(summary)).toBe('Create coupon SPRING25: 10 % off, valid 2026-11-26 to 2027-03-31?\nMinimum subtotal: EUR 500.00; lines: new_license, upgrade; uses: 100 in all, 2 per reseller.');
    const created = await admin.press('Yes, create');
    expect(textOf(created)).toContain('Coupon SPRING25 is created');
    expect(await demo.knex('coupons').where({ code: 'SPRING25' }).first('percent_bp', 'valid_until', 'max_redemptions', 'per_reseller_limit')).toMatchObject({ max_redemptions: 100, per_reseller_limit: 2 });
    expect(await demo.knex('audit_log').where({ action: 'coupon.created' }).first('actor')).toEqual({ actor: 'staff:admin1' });

    await admin.press('Create a coupon');
    await admin.send('Spring25 50.00 until 2027-03-31');
    const taken = await admin.press('Yes, create');
    expect(textOf(taken)).toContain('Nothing was stored: a coupon SPRING25 exists');
    expect(lastText(taken)).toMatch(/^Type the coupon on one line/);
    expect(await count('coupon.created')).toBe(1);
  });

  it('disables one after confirming (an unknown code said; twice: disabled already); the report shows the use of every coupon', async () => {
    await toCatalogue('Coupons');
    await admin.press('Disable a coupon');
    await admin.send('NOSUCH');
    const unknown = await admin.press('Yes, disable');
    expect(textOf(unknown)).toContain('Nothing was done: there is no coupon NOSUCH.');
    expect(lastText(unknown)).toBe('Which coupon? Type its code.');
    expect(lastText(await admin.send('spring25'))).toBe('Disable coupon SPRING25? It is refused from now on; orders that used it keep it.');
    expect(textOf(await admin.press('Yes, disable'))).toContain('Coupon SPRING25 is disabled');
    expect(await demo.knex('coupons').where({ code: 'SPRING25' }).first('disabled_at')).toEqual({ disabled_at: expect.any(Date) });
    expect(await demo.knex('audit_log').where({ action: 'coupon.disabled' }).first('actor', 'details')).toMatchObject({ actor: 'staff:admin1', details: { code: 'SPRING25', before: { disabledAt: null } } });
    await admin.press('Disable a coupon');
    await admin.send('SPRING25');
    expect(textOf(await admin.press('Yes, disable'))).toContain('Nothing was done: coupon SPRING25 is disabled already.');
    expect(await count('coupon.disabled')).toBe(1);

    const report = await admin.press('Report');
    expect(lastText(report)).toMatch(/^Coupons and their use/);
    expect(lastText(report)).toContain('• SPRING25 (disabled): 0 redeemed, 0 reserved');
    expect(lastText(report)).toContain('• WELCOME10: ');
  });

  it('the report of one coupon (typed in any case) shows that coupon only, per reseller, as coupons:report --code; an unknown code is said and asked again', async () => {
    // A reservation of WELCOME10 by Acme's order waiting for its bank transfer.
    await newLicenseSummary(owner, { edition: 'Professional', sc: 4, quantity: 1, years: 1 });
    await addToCart(owner);
    await placeOfflineOrder(owner, 'WELCOME10');

    await toCatalogue('Coupons');
    expect(lastText(await admin.press('Report of one coupon'))).toBe('Which coupon\'s use? Type its code.');
    const unknown = await admin.send('nosuch');
    expect(textOf(unknown)).toContain('There is no coupon NOSUCH. Type another code');
    expect(lastText(unknown)).toBe('Which coupon\'s use? Type its code.');
    const one = await admin.send('welcome10');
    expect(lastText(one)).toBe([
      'Coupon WELCOME10 and its use (redeemed: paid orders; reserved: orders not paid yet):',
      '• WELCOME10: 0 redeemed, 1 reserved',
      '   100001 Acme Telecom B.V.: 0 redeemed, 1 reserved',
    ].join('\n'));
    expect(labels(one)).toEqual(['Another coupon', 'Coupons', 'Catalogue & messages']);
    // The same domain query as the CLI's: its report of that code has the same figures.
    const cli = await couponReport(knexAdminStore(demo.knex), { code: 'welcome10' });
    expect(cli).toEqual({ kind: 'report', coupons: [expect.objectContaining({ code: 'WELCOME10', reserved: 1, redeemed: 0, byReseller: [{ partnerId: '100001', company: 'Acme Telecom B.V.', reserved: 1, redeemed: 0 }] })] });
    // From the report of all coupons too.
    await admin.press('Coupons');
    await admin.press('Report');
    await admin.press('Report of one coupon');
    expect(lastText(await admin.send('SPRING25'))).toBe('Coupon SPRING25 and its use (redeemed: paid orders; reserved: orders not paid yet):\n• SPRING25 (disabled): 0 redeemed, 0 reserved');
  });
});

describe('broadcasts', () => {
  it('a message, its audience (an unknown level said), a preview of whom it reaches, then sent through the outbox; the history says sent, delivered, given up and waiting', async () => {
    await toCatalogue('Broadcasts');
    await admin.press('New broadcast');
    await admin.send('Maintenance on Sunday from 02:00 to 04:00 CET.');
    const unknown = await admin.send('level ruby');
    expect(textOf(unknown)).toContain('There is no such partner level: the levels are');
    expect(lastText(unknown)).toMatch(/^To whom\?/);
    const targets = await knexAdminStore(demo.knex).transaction((repos) => repos.admin.broadcasts.targets({ level: 'gold', country: 'NL' }));
    expect(targets.length).toBeGreaterThan(0);
    const preview = await admin.send('gold NL');
    expect(lastText(preview)).toMatch(new RegExp(`^To partner level gold, in NL: ${targets.length} chats? of \\d+ owner and purchase user\\(s\\) at 1 reseller\\(s\\)\\.\\n---\\nMaintenance on Sunday`));
    expect(await demo.knex('outbox').where({ kind: 'broadcast' }).count('* as n').first()).toEqual({ n: 0 });
    const yes = admin.buttonId('Yes, send');
    const sent = await admin.pressId(yes);
    expect(textOf(sent)).toMatch(/Broadcast \d+ is on its way to \d+ chat\(s\) of 1 reseller\(s\)/);
    const outbox = await demo.knex('outbox').where({ kind: 'broadcast' }).select('id', 'chat_id');
    expect(outbox).toHaveLength(targets.length);
    expect(outbox.map((o) => o.chat_id).sort()).toEqual(targets.map((t) => t.chatId).sort());
    expect(delivered.sort()).toEqual(outbox.map((o) => Number(o.id)).sort());
    expect(await demo.knex('audit_log').where({ action: 'broadcast.sent' }).first('actor', 'details')).toMatchObject({ actor: 'staff:admin1', details: { audience: { level: 'gold', country: 'NL' }, chats: targets.length } });
    expect(textOf(await admin.pressId(yes))).toContain(STALE);

    // One delivered, the rest still waiting.
    await demo.knex('outbox').where({ id: outbox[0]?.id }).update({ delivered_at: new Date() });
    const history = await admin.press('History');
    expect(lastText(history)).toMatch(new RegExp(`^Broadcasts, newest first \\(a sent one's button lists to whom it went\\):\\n• \\d+ 2026-11-26 10:00 by admin1: "Maintenance on Sunday from 02:00 to 04:00 CET\\." to partner level gold, in NL — ${targets.length} sent, 1 delivered, 0 given up, ${targets.length - 1} waiting$`));

    // To whom it went, chat by chat, with what became of each message (as broadcast:history <number>).
    const id = Number((await demo.knex('broadcasts').max('id as id').first())?.id);
    const recipients = await admin.press(`To whom: ${id}`);
    const text = lastText(recipients);
    expect(text).toContain(`Sent to ${targets.length} ${targets.length === 1 ? 'chat' : 'chats'}:`);
    const lines = text.split('\n').filter((l) => l.startsWith('• 100001 Acme Telecom'));
    expect(lines).toHaveLength(targets.length);
    expect(lines.filter((l) => l.endsWith(', delivered'))).toHaveLength(1);
    expect(lines.filter((l) => l.endsWith(', waiting'))).toHaveLength(targets.length - 1);
    expect(lines.every((l) => / on (Telegram|Slack|the console), /.test(l))).toBe(true);
    expect(labels(recipients)).toContain('History');
    expect(lastText(await admin.send('/back'))).toMatch(/^Broadcasts, newest first/);
  });

  it('a confirmation pressed after someone else sent it sends nothing again, and says so', async () => {
    await toCatalogue('Broadcasts');
    await admin.press('New broadcast');
    await admin.send('Second notice');
    await admin.press('All resellers');
    const id = Number((await demo.knex('broadcasts').max('id as id').first())?.id);
    await sendBroadcast(knexAdminStore(demo.knex), { actor: { kind: 'staff', id: null, name: 'ops', role: 'admin' }, id, now: new Date() });
    const before = await demo.knex('outbox').where({ kind: 'broadcast' }).count('* as n').first();
    const late = await admin.press('Yes, send');
    expect(textOf(late)).toContain(`Nothing was sent again: broadcast ${id} was sent already.`);
    expect(await demo.knex('outbox').where({ kind: 'broadcast' }).count('* as n').first()).toEqual(before);
  });
});
