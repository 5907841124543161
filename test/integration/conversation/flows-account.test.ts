// Logging in and out, roles, the dashboard, My licenses, Invoices and Help through the JSONL
// console on the demo data (today = 2026-11-26, the clock at 10:00 UTC).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../../support/console-driver';
import {
  addToCart, cartLines, databaseText, labels, lastText, loggedInChat, renewalSummary, savedState, textOf,
  toMenu, userId, type Chat, type Messages,
} from '../../support/console-flows';

const WRONG = 'That username and password do not match. Please try again.';
const USERNAME = 'What is your username?';
const MENU_TEXT = 'Main menu. What would you like to do?';
const OWNER_MENU = ['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Orders', 'Invoices', 'Team', 'Help', 'Log out'];
const PASSWORDS = ['demo-pass-1', 'sales-pass-1', 'support-pass-1', 'bright-pass-1', 'Wr0ng-Secret-7731', 'Unkn0wn-Secret-4410'];

const texts = (messages: Messages) => messages.map((m) => m.text);

describe('account, roles and the read-only views', () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await consoleSession();
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });

  async function logOut(): Promise<Messages> {
    await chat.send('/menu');
    const out = await chat.press('Log out');
    expect(texts(out)).toEqual(['You are logged out.', USERNAME]);
    return out;
  }

  describe('logging in', () => {
    it('asks for the password as a secret prompt', async () => {
      const prompt = await chat.send('demo');
      expect(prompt).toEqual([{ type: 'message', text: 'Your password? (It is not shown or stored.)', buttons: [], secret: true }]);
      const wrong = await chat.send('Wr0ng-Secret-7731');
      expect(texts(wrong)).toEqual([WRONG, USERNAME]);
    });

    it('a wrong password and an unknown user get the same answer', async () => {
      await chat.send('sales1');
      const wrongPassword = await chat.send('Wr0ng-Secret-7731');
      await chat.send('no-such-user');
      const unknownUser = await chat.send('Unkn0wn-Secret-4410');
      expect(texts(wrongPassword)).toEqual([WRONG, USERNAME]);
      expect(texts(unknownUser)).toEqual(texts(wrongPassword));
      expect(unknownUser.map((m) => m.secret)).toEqual(wrongPassword.map((m) => m.secret));
    });

    it('locks a user after 5 failures in a row: even the right password is refused until the lock ends', async () => {
      for (let i = 1; i <= 4; i++) {
        await chat.send('bright');
        expect(texts(await chat.send('Wr0ng-Secret-7731'))).toEqual([WRONG, USERNAME]);
      }
      await chat.send('bright');
      const fifth = await chat.send('Wr0ng-Secret-7731');
      expect(fifth[0]?.text).toBe('Too many failed attempts: this user is locked until 10:15 UTC. Try again later.');
      await chat.send('bright');
      const rightButLocked = await chat.send('bright-pass-1');
      expect(texts(rightButLocked)).toEqual(['Too many failed attempts: this user is locked until 10:15 UTC. Try again later.', USERNAME]);

      const user = await chat.demo.knex('reseller_users').where({ username: 'bright' }).first();
      expect(user.failed_attempts).toBe(5);
      expect(new Date(user.locked_until).toISOString()).toBe('2026-11-26T10:15:00.000Z');
      expect(await chat.demo.knex('audit_log').where({ action: 'user.locked' })).toHaveLength(1);

      chat.clock.set('2026-11-26T10:16:00Z');
      const loggedIn = await chat.login('bright');
      expect(texts(loggedIn)).toEqual(['Welcome, Ben Bright (Bright Voice Ltd).', MENU_TEXT]);
      await logOut();
      chat.clock.set('2026-11-26T10:00:00Z');
    });

    it('a slash command at the password prompt is a command, not a failed login attempt', async () => {
      const before = (await chat.demo.knex('reseller_users').where({ username: 'support1' }).first('failed_attempts')).failed_attempts;
      await chat.send('support1');
      const cancelled = await chat.send('/cancel');
      expect(textOf(cancelled)).not.toContain(WRONG);
      expect(lastText(cancelled)).toBe(USERNAME);
      expect((await chat.demo.knex('reseller_users').where({ username: 'support1' }).first('failed_attempts')).failed_attempts).toBe(before);
    });

    it('a username nobody has is locked after 5 failures as a user is, with the same message: the lock does not tell who exists', async () => {
      const answers: string[][] = [];
      for (let i = 0; i < 6; i++) {
        await chat.send(i % 2 ? 'GHOST' : ' ghost ');
        answers.push(texts(await chat.send('Unkn0wn-Secret-4410')));
      }
      const locked = 'Too many failed attempts: this user is locked until 10:15 UTC. Try again later.';
      expect(answers).toEqual([...Array(4).fill([WRONG, USERNAME]), [locked, USERNAME], [locked, USERNAME]]);
      expect(await chat.demo.knex('login_failures').where({ username: 'ghost' }).select('username', 'failed_attempts')).toEqual([{ username: 'ghost', failed_attempts: 5 }]);
    });
  });

  describe('log out', () => {
    it('after logging out, the old menu buttons are stale and the user must log in again', async () => {
      const menu = await chat.login('demo');
      expect(texts(menu)).toEqual(['Welcome, Dana Demo (Acme Telecom B.V.).', MENU_TEXT]);
      expect(labels(menu)).toEqual(OWNER_MENU);
      const buyId = chat.buttonId('Buy');
      const dashboardId = chat.buttonId('Dashboard');
      await chat.press('Log out');

      const identity = await chat.demo.knex('channel_identities').where({ channel: 'console', chat_id: chat.key.chatId, external_user_id: chat.key.userId }).first();
      expect(identity?.reseller_user_id ?? null).toBeNull();
      expect(await chat.demo.knex('audit_log').where({ action: 'user.logout' })).toHaveLength(2);

      for (const id of [buyId, dashboardId]) {
        const stale = await chat.pressId(id);
        expect(texts(stale)).toEqual(['That button belongs to an older message and was not used. Here is where you are:', USERNAME]);
      }
      expect(texts(await chat.send('/menu'))).toEqual(['Please log in first.', USERNAME]);
      expect(texts(await chat.send('/cart'))).toEqual(['Please log in first.', USERNAME]);
      expect((await savedState(chat.demo, chat.key)).session).toBeNull();

      const again = await chat.login('demo');
      expect(labels(again)).toEqual(OWNER_MENU);
    });
  });

  describe('the password is never kept', () => {
    it('appears in no table of the database, and in no line the console printed', async () => {
      const tables = await databaseText(chat.demo);
      const leaks: string[] = [];
      for (const [table, text] of tables) for (const password of PASSWORDS) if (text.includes(password)) leaks.push(`${table}: ${password}`);
      expect(leaks).toEqual([]);
      expect(tables.get('conversations')).toBeTruthy();
      expect(tables.get('audit_log')).toMatch(/user\.login/);

      const printed = JSON.stringify([...chat.greeting, ...chat.transcript]);
      for (const password of PASSWORDS) expect(printed).not.toContain(password);
    });
  });

  describe('roles', () => {
    it('support1 has no Buy, Cart or Invoices; forged Buy and Invoices presses and /cart are refused', async () => {
      await logOut();
      const menu = await chat.login('support1');
      expect(texts(menu)).toEqual(['Welcome, Sue Support (Acme Telecom B.V.).', MENU_TEXT]);
      expect(labels(menu)).toEqual(['Dashboard', 'My licenses', 'Customers', 'Help', 'Log out']);

      const refusal = 'Your role (support) does not allow that. Ask an owner of your company if you need it.';
      const forged = await chat.pressId(chat.buttonId('Dashboard').replace(/:menu\.dashboard$/, ':menu.buy'));
      expect(texts(forged)).toEqual([refusal, MENU_TEXT]);
      const forgedInvoices = await chat.pressId(chat.buttonId('Dashboard').replace(/:menu\.dashboard$/, ':menu.invoices'));
      expect(texts(forgedInvoices)).toEqual([refusal, MENU_TEXT]);
      expect(texts(await chat.send('/cart'))).toEqual([refusal, MENU_TEXT]);
      expect(await cartLines(chat.demo, 'support1')).toHaveLength(0);
    });

    it('support1 typing "Buy" (or "Invoices") is told the role does not allow it, like the forged press, not "did not understand"', async () => {
      const refusal = 'Your role (support) does not allow that. Ask an owner of your company if you need it.';
      await toMenu(chat);
      expect(texts(await chat.send('Buy'))).toEqual([refusal, MENU_TEXT]);
      expect(texts(await chat.send('invoices'))).toEqual([refusal, MENU_TEXT]);
      expect(await cartLines(chat.demo, 'support1')).toHaveLength(0);
    });

    it('support1 sees the licenses without Renew/Upgrade buttons, and a forged Renew does nothing', async () => {
      await toMenu(chat);
      const list = await chat.press('My licenses');
      expect(lastText(list)).toMatch(/^Your licenses \(1–5 of 6\):/);
      expect(labels(list)).toEqual(['Next ›', 'Main menu']);
      const forged = await chat.pressId(chat.buttonId('Next ›').replace(/:licenses\.page\.1$/, ':licenses.renew.2'));
      expect(texts(forged)).toEqual(['Your role (support) does not allow that. Ask an owner of your company if you need it.', MENU_TEXT]);
      expect(textOf(forged)).not.toMatch(/per year/);
      expect(await cartLines(chat.demo, 'support1')).toHaveLength(0);
    });

    it('sales1 fills a cart and checks it out up to the summary, which asks an owner to approve instead of offering payment', async () => {
      await logOut();
      const menu = await chat.login('sales1');
      expect(labels(menu)).toEqual(['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Help', 'Log out']);
      await renewalSummary(chat, 'Renew annual license', '7Q2M-4K8P-ZX3N-1A9B', 1);
      await addToCart(chat);
      const cart = await chat.send('/cart');
      expect(lastText(cart)).toContain('Total: EUR 317.63');
      expect(lastText(cart)).toMatch(/ask an owner or purchase user of your company to approve the order/);
      expect(labels(cart)).toContain('Proceed to checkout');
      await chat.press('Proceed to checkout');
      const review = await chat.press('Skip');
      expect(lastText(review)).toMatch(/^Order summary:/);
      expect(lastText(review)).toMatch(/ask them to approve this one; they choose how to pay it\.$/);
      expect(labels(review)).toEqual(['Ask an owner to approve', 'Change coupon', 'View cart']);
      expect(await chat.demo.knex('orders')).toHaveLength(0);
      expect(await cartLines(chat.demo, 'sales1')).toMatchObject([{ kind: 'renew_annual', list_cents: 35000 }]);
    });

    it('sales1 cannot place an order with forged payment buttons', async () => {
      for (const method of ['offline', 'card', 'multisafepay']) {
        const forged = await chat.pressId(chat.buttonId('Change coupon').replace(/:checkout\.coupon$/, `:checkout.pay.${method}`));
        expect(textOf(forged)).not.toMatch(/Order \d+ is placed/);
      }
      expect(await chat.demo.knex('orders')).toHaveLength(0);
      expect(await chat.demo.knex('approval_requests')).toHaveLength(0);
      await chat.send('/cart');
      await chat.press('Empty cart');
    });
  });

  describe('dashboard', () => {
    beforeAll(async () => {
      await logOut();
      await chat.login('demo');
    });

    it('shows demo\'s figures and bank details; with only the bank transfer configured, no word of paying online', async () => {
      await toMenu(chat);
      const dashboard = await chat.press('Dashboard');
      expect(lastText(dashboard)).toBe(
        [
          'Dashboard',
          '',
          'License keys: 6 in total, 5 active, 2 expiring within 30 days, 1 expired',
          'Invoices: 3, of which 1 unpaid (EUR 235.95)',
          'Referrals: 2; commission paid EUR 120.00, pending EUR 85.00',
          '',
          'Bank details',
          'Local transfer (SEPA):',
          '  Account holder: Demo Distribution B.V.',
          '  IBAN: NL91ABNA0417164300',
          '  BIC: ABNANL2A',
          '  Bank: ABN AMRO',
          'International (SWIFT):',
          '  Account holder: Demo Distribution B.V.',
          '  IBAN: NL91ABNA0417164300',
          '  BIC: ABNANL2A',
          '  Bank: ABN AMRO, Amsterdam, Netherlands',
        ].join('\n'),
      );
      expect(labels(dashboard)).toEqual(['Referral payments (1)', 'Monthly payments (2)', 'Main menu']);
    });

    it('views and removes a referral payment', async () => {
      const list = await chat.press('Referral payments (1)');
      expect(lastText(list)).toBe('Referral payments:\n1. Polder Networks: commission EUR 120.00 paid on 2026-10-17\n\nRemove an entry to hide it from your dashboard.');
      expect(labels(list)).toEqual(['Remove 1', '« Back', 'Main menu']);
      const removed = await chat.press('Remove 1');
      expect(lastText(removed)).toBe('Referral payments: nothing to show.');
      const demoId = await userId(chat.demo, 'demo');
      expect(await chat.demo.knex('dismissed_notices').where({ reseller_user_id: demoId })).toMatchObject([{ kind: 'referral_payment' }]);
      const dashboard = await chat.press('« Back');
      expect(labels(dashboard)).toEqual(['Referral payments (0)', 'Monthly payments (2)', 'Main menu']);
      // The figures do not change: only the entry is hidden.
      expect(lastText(dashboard)).toContain('Referrals: 2; commission paid EUR 120.00, pending EUR 85.00');
    });

    it('views and removes a monthly payment', async () => {
      const list = await chat.press('Monthly payments (2)');
      expect(lastText(list)).toBe(
        'Monthly payments:\n1. 2026-10: EUR 1,445.95 in 1 paid invoice\n2. 2026-08: EUR 719.95 in 1 paid invoice\n\nRemove an entry to hide it from your dashboard.',
      );
      const removed = await chat.press('Remove 1');
      expect(lastText(removed)).toBe('Monthly payments:\n1. 2026-08: EUR 719.95 in 1 paid invoice\n\nRemove an entry to hide it from your dashboard.');
      expect(labels(removed)).toEqual(['Remove 1', '« Back', 'Main menu']);
      const demoId = await userId(chat.demo, 'demo');
      expect(await chat.demo.knex('dismissed_notices').where({ reseller_user_id: demoId, kind: 'monthly_payment' })).toMatchObject([{ ref: '2026-10' }]);
      await toMenu(chat);
      const again = await chat.press('Dashboard');
      expect(labels(again)).toEqual(['Referral payments (0)', 'Monthly payments (1)', 'Main menu']);
    });

    it('the removals are per user: sales1 still sees both entries', async () => {
      await logOut();
      await chat.login('sales1');
      const dashboard = await chat.press('Dashboard');
      expect(labels(dashboard)).toEqual(['Referral payments (1)', 'Monthly payments (2)', 'Main menu']);
      await logOut();
      await chat.login('demo');
    });
  });

  describe('My licenses', () => {
    it('pages demo\'s 6 licenses: page 1 shows 5 (soonest term end first) and Next, page 2 the sixth', async () => {
      await toMenu(chat);
      const page1 = await chat.press('My licenses');
      expect(lastText(page1)).toBe(
        [
          'Your licenses (1–5 of 6):',
          '1. M8C4-2VZK-P5TD-0QJX — Enterprise 32 SC, expires 2026-11-16 (expired 10 days ago)',
          '   End customer: City Library',
          '2. P4RP-7TNE-3L6S-9FWA — Professional 16 SC, maintenance until 2026-12-01 (5 days left)',
          '   End customer: Old Mill Hotel',
          '3. 7Q2M-4K8P-ZX3N-1A9B — Professional 8 SC, expires 2026-12-16 (20 days left)',
          '   End customer: Harbor Dental',
          '4. S7UP-1K4G-8BDR-2YHM — Startup 4 SC, expires 2027-03-06 (100 days left)',
          '   End customer: Tiny Bakery',
          '5. H3LT-9W2E-6RQ1-PK7V — Professional 16 SC, expires 2027-06-14 (200 days left)',
          '   End customer: Nordic Freight',
        ].join('\n'),
      );
      // Every license can be renewed; an upgrade is offered at least for the active annual
      // keys below Enterprise 1024, never for the perpetual P4RP.
      expect(labels(page1)).toEqual(expect.arrayContaining(['Renew M8C4…', 'Renew P4RP…', 'Renew 7Q2M…', 'Upgrade 7Q2M…', 'Renew S7UP…', 'Upgrade S7UP…', 'Renew H3LT…', 'Upgrade H3LT…', 'Next ›', 'Main menu']));
      expect(labels(page1)).not.toContain('Upgrade P4RP…');
      const page2 = await chat.press('Next ›');
      expect(lastText(page2)).toBe('Your licenses (6–6 of 6):\n6. E1TE-5N3Q-7JXC-4MZL — Enterprise 1024 SC, expires 2027-09-22 (300 days left)\n   End customer: Mega Corp');
      expect(labels(page2)).toEqual(expect.arrayContaining(['Renew E1TE…', '‹ Previous', 'Main menu']));
      const back = await chat.press('‹ Previous');
      expect(lastText(back)).toMatch(/^Your licenses \(1–5 of 6\):/);
    });

    it('"Renew 7Q2M…" lands in the annual renewal with the key verified and its price; 1 year is EUR 350.00', async () => {
      await toMenu(chat);
      await chat.press('My licenses');
      const years = await chat.press('Renew 7Q2M…');
      expect(lastText(years)).toMatch(/^License 7Q2M-4K8P-ZX3N-1A9B\nProfessional 8 SC, annual\nexpires 2026-12-16 \(20 days left\)/);
      expect(lastText(years)).toContain('Annual license: EUR 350.00 per year (list price). For how many years (1–5)?');
      const summary = await chat.press('1');
      expect(lastText(summary)).toContain('List price: EUR 350.00');
      expect(lastText(summary)).toContain('New expiry date: 2027-12-16');
    });

    it('"Renew P4RP…" (perpetual) lands in the maintenance renewal: EUR 295.00 per year', async () => {
      await toMenu(chat);
      await chat.press('My licenses');
      const years = await chat.press('Renew P4RP…');
      expect(lastText(years)).toContain('Maintenance: EUR 295.00 per year (list price).');
      const summary = await chat.press('1');
      expect(lastText(summary)).toContain('New maintenance date: 2027-12-01');
    });

    it('"Upgrade H3LT…" lands on the edition choice with the license details', async () => {
      await toMenu(chat);
      await chat.press('My licenses');
      const editions = await chat.press('Upgrade H3LT…');
      expect(lastText(editions)).toMatch(/^License H3LT-9W2E-6RQ1-PK7V\nProfessional 16 SC, annual\nexpires 2027-06-14 \(200 days left\)[\s\S]*Upgrade to which edition\?$/);
      expect(labels(editions)).toEqual(['Professional', 'Enterprise', '« Back', 'Cancel']);
      await chat.press('Professional');
      const summary = await chat.press('32 SC');
      expect(lastText(summary)).toContain('List price: EUR 328.77');
    });

    it('an upgrade that cannot succeed (expired M8C4, Enterprise 1024 E1TE) is either not offered, or explains and offers the renewal', async () => {
      await toMenu(chat);
      const page1 = await chat.press('My licenses');
      if (labels(page1).includes('Upgrade M8C4…')) {
        const expired = await chat.press('Upgrade M8C4…');
        expect(expired[0]?.text).toBe('This license expired on 2026-11-16. An expired key must be renewed before it can be upgraded.');
        expect(labels(expired)).toContain('Renew this license');
        await toMenu(chat);
        await chat.press('My licenses');
      }
      const page2 = await chat.press('Next ›');
      if (labels(page2).includes('Upgrade E1TE…')) {
        const highest = await chat.press('Upgrade E1TE…');
        expect(highest[0]?.text).toMatch(/already at the highest edition and size/);
      }
      // The renewal of the expired key is always there, from today.
      await toMenu(chat);
      await chat.press('My licenses');
      const years = await chat.press('Renew M8C4…');
      expect(lastText(years)).toContain('Annual license: EUR 1,555.00 per year (list price).');
      const summary = await chat.press('1');
      expect(lastText(summary)).toContain('New expiry date: 2027-11-26');
    });
  });

  it('Invoices lists demo\'s invoices with dates, amounts and statuses', async () => {
    await toMenu(chat);
    const invoices = await chat.press('Invoices');
    expect(lastText(invoices)).toBe(
      [
        'Your invoices (1–3 of 3):',
        '1. INV-DEMO-0003 — 2026-11-20, EUR 235.95, unpaid',
        '2. INV-DEMO-0002 — 2026-10-24, EUR 1,445.95, paid on 2026-10-27',
        '3. INV-DEMO-0001 — 2026-08-23, EUR 719.95, paid on 2026-08-28',
      ].join('\n'),
    );
    expect(labels(invoices)).toEqual(['Open 1', 'Open 2', 'Open 3', 'Statement (CSV)', 'Main menu']);
  });

  it('Help explains what the assistant does for this user (an owner: every entry of the menu) and the commands', async () => {
    await toMenu(chat);
    const help = await chat.press('Help');
    const text = lastText(help);
    expect(text).toMatch(/^I help you order 3CX licenses from your distributor\.\nAs an owner of Acme Telecom B\.V\., your main menu has:/);
    expect(text).not.toContain('Not for your role');
    for (const word of ['• Buy: new licenses, upgrades, annual renewals and maintenance renewals', 'coupon code', '• My licenses:', '• Orders:', '• Invoices:', '• Dashboard:', '• Team:', '/menu', '/cart', '/back', '/cancel', '/help']) {
      expect(text).toContain(word);
    }
    expect(labels(help)).toEqual(['Main menu']);
    expect(lastText(await chat.press('Main menu'))).toBe(MENU_TEXT);
  });

  it('bright (another reseller, its own chat) sees only its own license, dashboard and no invoices', async () => {
    const bright = await loggedInChat('bright', { demo: chat.demo, key: { chatId: 'bright', userId: 'bright' } });
    try {
      const dashboard = await bright.press('Dashboard');
      expect(lastText(dashboard)).toContain('License keys: 1 in total, 1 active, 0 expiring within 30 days, 0 expired');
      expect(lastText(dashboard)).toContain('Invoices: 0, of which 0 unpaid (EUR 0.00)');
      await bright.send('/menu');
      const licenses = await bright.press('My licenses');
      expect(lastText(licenses)).toBe('Your licenses (1–1 of 1):\n1. B2RV-6P1W-3HQK-8ZNT — Professional 32 SC, expires 2027-01-10 (45 days left)\n   End customer: Kent Logistics');
      await bright.send('/menu');
      expect(lastText(await bright.press('Invoices'))).toBe('You have no invoices yet.');
    } finally {
      await bright.close();
    }
  });
});

describe('a greeting at the console\'s username prompt', () => {
  it('("hi", the first thing people write, as on Telegram) is greeted and the username asked again; the login then goes on', async () => {
    const chat = await consoleSession();
    try {
      const greeted = await chat.send('hi');
      expect(texts(greeted)).toEqual(["Welcome to Demo Distribution B.V.'s 3CX ordering assistant. Please log in.", USERNAME]);
      expect(greeted.every((m) => !m.secret)).toBe(true);
      expect(texts(await chat.send('Hello!'))).toEqual(texts(greeted));
      expect(texts(await chat.login('demo'))).toContain('Welcome, Dana Demo (Acme Telecom B.V.).');
    } finally {
      await chat.close();
      await chat.demo.drop();
    }
  });
});
