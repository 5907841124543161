// An administrator's catalogue and messages in Telegram, each action once: a partner level's
// discount changed, the price list exported as a document and a new one imported from pasted
// lines, a coupon created, disabled and reported, a broadcast previewed, sent and delivered to
// the owner's Telegram chat by the notifications job, and its history. An owner's forged press
// of a catalogue button does nothing.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/infra/log';
import { invoicePdfFor } from '../../../src/infra/invoices/invoice-pdf';
import { outboxStore } from '../../../src/infra/store/outbox';
import { notificationProcessor } from '../../../src/jobs/notifications';
import { ALICE, said, telegramDriverForTests, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const ADMIN: TgUser = { id: 7200, first_name: 'Ada' };

describe('an administrator\'s catalogue and messages in Telegram', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));
  const audit = (action: string) => tg.demo.knex('audit_log').where({ action }).select('actor');

  async function toCatalogue(where: string) {
    const ada = tg.chat(ADMIN);
    await ada.send('/menu');
    await ada.press('Admin');
    await ada.press('Catalogue & messages');
    await ada.press(where);
    return ada;
  }

  it('the owner logs in; a forged catalogue press of theirs does nothing', async () => {
    const alice = tg.chat(ALICE);
    await alice.login('demo', 'demo-pass-1');
    const menu = alice.lastWithKeyboard();
    const nonce = (menu.markup?.inline_keyboard.flat()[0]?.callback_data ?? '').split(':')[0];
    expect(said(await alice.pressData(`${nonce}:catalogue.levels`, menu.messageId))).not.toContain('Partner levels');
  });

  it('admin1 logs in privately and changes a partner level\'s discount after confirming', async () => {
    const ada = tg.chat(ADMIN);
    expect(said(await ada.login('admin1', 'admin-pass-1'))).toContain('(admin)');
    await toCatalogue('Partner levels');
    expect(ada.labels()).toEqual(['Catalogue & messages']);
    await ada.send('silver 22%');
    expect(said(await ada.press('Yes, do it'))).toContain('Partner level silver (Silver) saved: 20 % → 22 %');
    expect(await audit('partner_level.saved')).toEqual([{ actor: 'staff:admin1' }]);
  });

  it('exports the price list as a document, and imports a future list from pasted lines after its diff', async () => {
    const ada = await toCatalogue('Prices');
    const exported = await ada.press('Export CSV');
    const documents = exported.filter((c) => c.method === 'sendDocument');
    expect(documents).toHaveLength(1);
    expect(documents[0]?.body).toMatchObject({ chat_id: String(ADMIN.id), document: { filename: 'prices-2026-11-26.csv' }, caption: expect.stringContaining('The price list in force on 2026-11-26: 53 prices') });
    await ada.press('Import a list');
    await ada.send('2027-01-01');
    expect(said(await ada.send('edition,sc,kind,price\nstartup,4,annual,180.00'))).toContain('• startup 4 SC annual: EUR 175.00 → EUR 180.00');
    expect(said(await ada.press('Yes, apply'))).toContain('The price list from 2027-01-01 is stored (1 changed)');
    expect(await tg.demo.knex('catalog_prices').where({ edition: 'startup', sc: 4, kind: 'annual', effective_from: '2027-01-01' }).first('price_cents')).toEqual({ price_cents: 18_000 });
    expect(await audit('prices.imported')).toEqual([{ actor: 'staff:admin1' }]);
  });

  it('creates a coupon, disables it, and reports its use', async () => {
    const ada = await toCatalogue('Coupons');
    await ada.press('Create a coupon');
    await ada.send('TGWINTER 25.00 until 2027-02-28');
    expect(said(await ada.press('Yes, create'))).toContain('Coupon TGWINTER is created');
    await ada.press('Disable a coupon');
    await ada.send('tgwinter');
    expect(said(await ada.press('Yes, disable'))).toContain('Coupon TGWINTER is disabled');
    expect(said(await ada.press('Report'))).toContain('• TGWINTER (disabled): 0 redeemed, 0 reserved');
    expect(await audit('coupon.created')).toEqual([{ actor: 'staff:admin1' }]);
    expect(await audit('coupon.disabled')).toEqual([{ actor: 'staff:admin1' }]);
  });

  it('broadcasts to gold resellers: previewed, sent, delivered to the owner\'s Telegram chat by the notifications job; the history counts it', async () => {
    const ada = await toCatalogue('Broadcasts');
    await ada.press('New broadcast');
    await ada.send('New prices from 1 January.');
    expect(said(await ada.send('level gold'))).toMatch(/To partner level gold: 1 chat of 1 owner and purchase user\(s\) at 1 reseller\(s\)\./);
    expect(said(await ada.press('Yes, send'))).toMatch(/Broadcast \d+ is on its way to 1 chat\(s\) of 1 reseller\(s\)/);
    expect(await audit('broadcast.sent')).toEqual([{ actor: 'staff:admin1' }]);

    const [pending] = (await tg.demo.knex('outbox').where({ kind: 'broadcast' }).pluck('id')).map(Number);
    const deliver = notificationProcessor({ outbox: outboxStore(tg.demo.knex), notifiers: { telegram: tg.bot }, sandbox: true, invoicePdf: invoicePdfFor(tg.demo.knex, { sandbox: true }), log: silentLogger });
    const from = tg.fake.calls.length;
    expect(await deliver({ data: { outboxId: pending }, id: 'broadcast', moveToDelayed: async () => undefined })).toBe('delivered');
    expect(tg.fake.calls.slice(from).map((c) => [c.method, String(c.body.chat_id), String(c.body.text)])).toEqual([['sendMessage', String(ALICE.id), expect.stringContaining('New prices from 1 January.')]]);

    expect(said(await ada.press('History'))).toMatch(/• \d+ 2026-11-26 10:00 by admin1: "New prices from 1 January\." to partner level gold — 1 sent, 1 delivered, 0 given up, 0 waiting/);
  });
});
