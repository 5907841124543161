// Moving around the conversation: /back and /cancel (typed with or without the slash, or
// pressed) from every step of the Buy flows, the global commands inside a flow, help after
// repeated misunderstandings, stale buttons, and button labels typed as text.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleSession } from '../../support/console-driver';
import {
  NAV, cartLines, clearCart, labels, lastText, loggedInChat, savedState, startKeyFlow, startNewLicense, textOf, toMenu,
  type Chat, type Messages,
} from '../../support/console-flows';

const BUY = /^What would you like to buy\?$/;
const MENU = /^Main menu\. What would you like to do\?$/;

interface StepCase {
  step: string;
  /** From the main menu to this step; returns what was printed on arrival. */
  reach: (chat: Chat) => Promise<Messages>;
  /** This step's message. */
  here: RegExp;
  /** The message of the step before it. */
  previous: RegExp;
}

async function newLicenseTo(chat: Chat, depth: number): Promise<Messages> {
  const inputs: Array<() => Promise<Messages>> = [
    () => chat.press('Professional'),
    () => chat.press('16 SC'),
    () => chat.press('2'),
    () => chat.press('2'),
  ];
  let last = await startNewLicense(chat);
  for (const input of inputs.slice(0, depth)) last = await input();
  return last;
}

const keyFlowTo = (flow: 'Upgrade' | 'Renew annual license' | 'Renew maintenance', ...inputs: Array<(chat: Chat) => Promise<Messages>>) => async (chat: Chat) => {
  let last = await startKeyFlow(chat, flow);
  for (const input of inputs) last = await input(chat);
  return last;
};

const STEPS: StepCase[] = [
  { step: 'new license: edition', reach: (c) => newLicenseTo(c, 0), here: /^New license: which edition\?$/, previous: BUY },
  { step: 'new license: SC', reach: (c) => newLicenseTo(c, 1), here: /^Professional: how many simultaneous calls \(SC\)\?$/, previous: /^New license: which edition\?$/ },
  { step: 'new license: quantity', reach: (c) => newLicenseTo(c, 2), here: /^Professional 16 SC: how many licenses\?/, previous: /^Professional: how many simultaneous calls \(SC\)\?$/ },
  { step: 'new license: years', reach: (c) => newLicenseTo(c, 3), here: /^How many years in total\?/, previous: /^Professional 16 SC: how many licenses\?/ },
  { step: 'new license: end customer', reach: (c) => newLicenseTo(c, 4), here: /^Which end customer is this for\?/, previous: /^How many years in total\?/ },
  {
    step: 'new license: new customer name',
    reach: async (c) => {
      await newLicenseTo(c, 4);
      return c.press('+ New customer');
    },
    here: /^Type the company name of the new end customer\.$/,
    previous: /^Which end customer is this for\?/,
  },
  {
    step: 'new license: summary',
    reach: async (c) => {
      await newLicenseTo(c, 4);
      return c.press('Skip');
    },
    here: /^Professional 16 SC, 2 licenses, 2 years\nList price: EUR 2,380\.00/,
    previous: /^Which end customer is this for\?/,
  },
  { step: 'upgrade: key', reach: keyFlowTo('Upgrade'), here: /^Upgrade: type the license key/, previous: BUY },
  { step: 'upgrade: edition', reach: keyFlowTo('Upgrade', (c) => c.send('H3LT-9W2E-6RQ1-PK7V')), here: /^License H3LT-9W2E-6RQ1-PK7V\n[\s\S]*Upgrade to which edition\?$/, previous: /^Upgrade: type the license key/ },
  {
    step: 'upgrade: SC',
    reach: keyFlowTo('Upgrade', (c) => c.send('H3LT-9W2E-6RQ1-PK7V'), (c) => c.press('Enterprise')),
    here: /^Enterprise: how many simultaneous calls\?$/,
    previous: /^License H3LT-9W2E-6RQ1-PK7V\n[\s\S]*Upgrade to which edition\?$/,
  },
  {
    step: 'upgrade: summary',
    reach: keyFlowTo('Upgrade', (c) => c.send('H3LT-9W2E-6RQ1-PK7V'), (c) => c.press('Enterprise'), (c) => c.press('32 SC')),
    here: /^Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Enterprise 32 SC, 200 days remaining\n/,
    previous: /^Enterprise: how many simultaneous calls\?$/,
  },
  { step: 'renew annual: key', reach: keyFlowTo('Renew annual license'), here: /^Renew annual license: type the license key/, previous: BUY },
  {
    step: 'renew annual: years',
    reach: keyFlowTo('Renew annual license', (c) => c.send('7Q2M-4K8P-ZX3N-1A9B')),
    here: /^License 7Q2M-4K8P-ZX3N-1A9B\n[\s\S]*Annual license: EUR 350\.00 per year \(list price\)\. For how many years \(1–5\)\?$/,
    previous: /^Renew annual license: type the license key/,
  },
  {
    step: 'renew annual: summary',
    reach: keyFlowTo('Renew annual license', (c) => c.send('7Q2M-4K8P-ZX3N-1A9B'), (c) => c.press('1')),
    here: /^Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 1 year\n/,
    previous: /Annual license: EUR 350\.00 per year \(list price\)\. For how many years \(1–5\)\?$/,
  },
  { step: 'renew maintenance: key', reach: keyFlowTo('Renew maintenance'), here: /^Renew maintenance: type the license key/, previous: BUY },
  {
    step: 'renew maintenance: years',
    reach: keyFlowTo('Renew maintenance', (c) => c.send('P4RP-7TNE-3L6S-9FWA')),
    here: /^License P4RP-7TNE-3L6S-9FWA\n[\s\S]*Maintenance: EUR 295\.00 per year \(list price\)\. For how many years \(1–5\)\?$/,
    previous: /^Renew maintenance: type the license key/,
  },
  {
    step: 'renew maintenance: summary',
    reach: keyFlowTo('Renew maintenance', (c) => c.send('P4RP-7TNE-3L6S-9FWA'), (c) => c.press('1')),
    here: /^Renew maintenance P4RP-7TNE-3L6S-9FWA: Professional 16 SC, 1 year\n/,
    previous: /Maintenance: EUR 295\.00 per year \(list price\)\. For how many years \(1–5\)\?$/,
  },
];

type Way = { way: string; go: (chat: Chat) => Promise<Messages> };
const BACK_WAYS: Way[] = [
  { way: '/back', go: (c) => c.send('/back') },
  { way: 'the word "back"', go: (c) => c.send('back') },
  { way: 'the « Back button', go: (c) => c.press('« Back') },
];
const CANCEL_WAYS: Way[] = [
  { way: '/cancel', go: (c) => c.send('/cancel') },
  { way: 'the word "cancel"', go: (c) => c.send('cancel') },
  { way: 'the Cancel button', go: (c) => c.press('Cancel') },
];

const cases = (ways: Way[]) => STEPS.flatMap((s) => ways.map((w) => ({ ...s, ...w, name: `${s.step} ← ${w.way}` })));

describe('navigation', () => {
  let chat: Chat;
  let customersBefore: number;
  beforeAll(async () => {
    chat = await loggedInChat('demo');
    customersBefore = (await chat.demo.knex('end_customers')).length;
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });
  beforeEach(async () => {
    await clearCart(chat.demo);
  });

  describe('/back goes one step back and shows that step', () => {
    it.each(cases(BACK_WAYS))('$name', async ({ reach, here, previous, go }) => {
      const arrived = await reach(chat);
      expect(lastText(arrived)).toMatch(here);
      const answer = await go(chat);
      expect(answer).toHaveLength(1);
      expect(lastText(answer)).toMatch(previous);
      expect(labels(answer).length).toBeGreaterThan(0);
      expect(await cartLines(chat.demo)).toHaveLength(0);
    });
  });

  describe('/cancel lands on the main menu and adds nothing', () => {
    it.each(cases(CANCEL_WAYS))('$name', async ({ reach, here, go }) => {
      const arrived = await reach(chat);
      expect(lastText(arrived)).toMatch(here);
      const answer = await go(chat);
      expect(answer.map((m) => m.text)).toEqual(['Cancelled.', 'Main menu. What would you like to do?']);
      expect(labels(answer)).toEqual(['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Orders', 'Invoices', 'Team', 'Help', 'Log out']);
      expect(await cartLines(chat.demo)).toHaveLength(0);
      expect(await chat.demo.knex('end_customers')).toHaveLength(customersBefore);
    });
  });

  it('the Back and Cancel buttons are on every step of the Buy flows', async () => {
    const missing: string[] = [];
    for (const s of STEPS) {
      const arrived = await s.reach(chat);
      if (!NAV.every((label) => labels(arrived).includes(label))) missing.push(`${s.step} [${labels(arrived).join(' | ')}]`);
    }
    expect(missing).toEqual([]);
  });

  it('/back and /cancel on the summary after a new customer was typed: the summary goes back to the name prompt', async () => {
    await newLicenseTo(chat, 4);
    await chat.press('+ New customer');
    const summary = await chat.send('Back Office Ltd');
    // A company called "Back Office Ltd" is a name, not the back command.
    expect(lastText(summary)).toContain('End customer: Back Office Ltd');
    const back = await chat.send('/back');
    expect(lastText(back)).toMatch(/^Type the company name of the new end customer\.$/);
    const cancelled = await chat.send('/cancel');
    expect(textOf(cancelled)).toContain('Cancelled.');
    expect(await cartLines(chat.demo)).toHaveLength(0);
  });

  describe('global commands inside a flow', () => {
    it('/menu from the upgrade SC step shows the main menu', async () => {
      await keyFlowTo('Upgrade', (c) => c.send('H3LT-9W2E-6RQ1-PK7V'), (c) => c.press('Enterprise'))(chat);
      const menu = await chat.send('/menu');
      expect(lastText(menu)).toMatch(MENU);
      expect(labels(menu)).toEqual(['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Orders', 'Invoices', 'Team', 'Help', 'Log out']);
    });

    it('/cart from the renew years step shows the cart (empty, with Buy and Main menu)', async () => {
      await keyFlowTo('Renew annual license', (c) => c.send('7Q2M-4K8P-ZX3N-1A9B'))(chat);
      const cart = await chat.send('/cart');
      expect(lastText(cart)).toBe('Your cart is empty.');
      expect(labels(cart)).toEqual(['Buy', 'Main menu']);
    });

    it('/cart from a summary shows the cart with the lines added so far, with the right amounts', async () => {
      await keyFlowTo('Renew annual license', (c) => c.send('7Q2M-4K8P-ZX3N-1A9B'), (c) => c.press('1'))(chat);
      await chat.press('Add to cart');
      await keyFlowTo('Renew maintenance', (c) => c.send('P4RP-7TNE-3L6S-9FWA'), (c) => c.press('1'))(chat);
      const cart = await chat.send('/cart');
      expect(lastText(cart)).toContain('1. Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 1 year');
      expect(lastText(cart)).not.toContain('P4RP');
      expect(lastText(cart)).toContain('Subtotal: EUR 262.50');
      expect(await cartLines(chat.demo)).toHaveLength(1);
    });

    it('/help from the new-license quantity step shows the help with the commands', async () => {
      await newLicenseTo(chat, 2);
      const help = await chat.send('/help');
      expect(lastText(help)).toMatch(/^I help you order 3CX licenses/);
      for (const command of ['/menu', '/cart', '/back', '/cancel', '/help']) expect(lastText(help)).toContain(command);
      expect(labels(help)).toContain('Main menu');
    });

    it('"menu" and "/start" without a slash or with one also lead to the main menu', async () => {
      await newLicenseTo(chat, 1);
      expect(lastText(await chat.send('menu'))).toMatch(MENU);
      await newLicenseTo(chat, 1);
      expect(lastText(await chat.send('/start'))).toMatch(MENU);
    });
  });

  describe('texts the step does not expect', () => {
    it('three in a row offer the Main menu button, which works', async () => {
      await keyFlowTo('Upgrade', (c) => c.send('H3LT-9W2E-6RQ1-PK7V'))(chat);
      const first = await chat.send('what?');
      expect(first[0]?.text).toBe('Sorry, I did not understand that. Please choose one of the buttons.');
      expect(lastText(first)).toMatch(/Upgrade to which edition\?$/);
      expect(labels(first)).not.toContain('Main menu');
      const second = await chat.send('enterprize');
      expect(labels(second)).not.toContain('Main menu');
      const third = await chat.send('32');
      expect(third[0]?.text).toBe('Sorry, I did not understand that. Please choose one of the buttons.\nYou can always go back to the main menu:');
      expect(lastText(third)).toMatch(/Upgrade to which edition\?$/);
      expect(labels(third)).toEqual(['Professional', 'Enterprise', ...NAV, 'Main menu']);
      const menu = await chat.press('Main menu');
      expect(lastText(menu)).toMatch(MENU);
    });

    it('on a step that already has a Main menu button, the offer does not add a second one', async () => {
      await toMenu(chat);
      await chat.press('Help');
      await chat.send('x');
      await chat.send('y');
      const third = await chat.send('z');
      expect(labels(third).filter((l) => l === 'Main menu')).toHaveLength(1);
    });

    it('a valid input in between starts the count again', async () => {
      await newLicenseTo(chat, 0);
      await chat.send('a');
      await chat.send('b');
      await chat.press('Professional');
      await chat.send('c');
      const second = await chat.send('d');
      expect(labels(second)).not.toContain('Main menu');
    });
  });

  describe('stale buttons', () => {
    it('"Add to cart" of a summary left with Back answers "older message", shows the current step and adds nothing', async () => {
      await keyFlowTo('Upgrade', (c) => c.send('H3LT-9W2E-6RQ1-PK7V'), (c) => c.press('Enterprise'), (c) => c.press('32 SC'))(chat);
      const addId = chat.buttonId('Add to cart');
      const back = await chat.press('« Back');
      expect(lastText(back)).toMatch(/^Enterprise: how many simultaneous calls\?$/);
      const stale = await chat.pressId(addId);
      expect(stale.map((m) => m.text)).toEqual(['That button belongs to an older message and was not used. Here is where you are:', 'Enterprise: how many simultaneous calls?']);
      expect(labels(stale)).toContain('32 SC');
      expect(await cartLines(chat.demo)).toHaveLength(0);
      // The fresh buttons of the step shown again work.
      const summary = await chat.press('48 SC');
      expect(lastText(summary)).toContain('to Enterprise 48 SC');
    });

    it('"Add to cart" of a cancelled summary does nothing; the menu is shown again', async () => {
      await keyFlowTo('Renew annual license', (c) => c.send('7Q2M-4K8P-ZX3N-1A9B'), (c) => c.press('1'))(chat);
      const addId = chat.buttonId('Add to cart');
      await chat.send('/cancel');
      const stale = await chat.pressId(addId);
      expect(stale[0]?.text).toMatch(/older message/);
      expect(lastText(stale)).toMatch(MENU);
      expect(await cartLines(chat.demo)).toHaveLength(0);
    });

    it('a menu button pressed while in a flow is stale: the key prompt is shown again', async () => {
      await toMenu(chat);
      const buyId = chat.buttonId('Buy');
      const logOutId = chat.buttonId('Log out');
      await chat.press('Buy');
      await chat.press('Upgrade');
      const stale = await chat.pressId(logOutId);
      expect(stale[0]?.text).toMatch(/older message/);
      expect(lastText(stale)).toMatch(/^Upgrade: type the license key/);
      expect(await savedState(chat.demo, chat.key)).toMatchObject({ session: expect.objectContaining({ name: 'Dana Demo' }) });
      const again = await chat.pressId(buyId);
      expect(lastText(again)).toMatch(/^Upgrade: type the license key/);
    });

    it('a made-up id of a button id\'s shape answers "older message", one of no such shape "I do not know that button"; neither acts', async () => {
      await newLicenseTo(chat, 0);
      for (const [id, said] of [['zzz', /^I do not know that button/], ['1:e.startup', /older message/], ['n:buy', /older message/], ['9999999:add', /older message/], ['buy now!', /^I do not know that button/]] as const) {
        const answer = await chat.pressId(id);
        expect(answer[0]?.text, id).toMatch(said);
        expect(lastText(answer)).toBe('New license: which edition?');
      }
    });
  });

  describe('button labels typed as text', () => {
    it('"Buy", "new license", "PROFESSIONAL", "« back", "16 sc" work like the buttons', async () => {
      await toMenu(chat);
      expect(lastText(await chat.send('Buy'))).toMatch(BUY);
      expect(lastText(await chat.send('new license'))).toBe('New license: which edition?');
      expect(lastText(await chat.send('PROFESSIONAL'))).toBe('Professional: how many simultaneous calls (SC)?');
      expect(lastText(await chat.send('« back'))).toBe('New license: which edition?');
      expect(lastText(await chat.send('professional'))).toBe('Professional: how many simultaneous calls (SC)?');
      expect(lastText(await chat.send('16 sc'))).toMatch(/^Professional 16 SC: how many licenses\?/);
      expect(await cartLines(chat.demo)).toHaveLength(0);
    });

    it('"Renew annual license" typed, then a key, then "Add to cart" typed adds the line', async () => {
      await toMenu(chat);
      await chat.send('buy');
      await chat.send('Renew annual license');
      await chat.send('7Q2M-4K8P-ZX3N-1A9B');
      await chat.send('1');
      const added = await chat.send('add to cart');
      expect(textOf(added)).toMatch(/^Added to your cart: Renew 7Q2M-4K8P-ZX3N-1A9B/);
      expect(await cartLines(chat.demo)).toMatchObject([{ kind: 'renew_annual', list_cents: 35000 }]);
    });
  });

  it('the 23rd message\'s buttons work (its ids must not be taken for notification ids "n:…")', async () => {
    const fresh = await consoleSession({ demo: chat.demo, key: { chatId: 'nonce-check', userId: 'nonce-check' } });
    try {
      await fresh.login('demo');
      while ((await savedState(fresh.demo, fresh.key)).nonce < 22) await fresh.send('/menu');
      const menu = await fresh.send('/menu');
      expect((await savedState(fresh.demo, fresh.key)).nonce).toBe(23);
      expect(lastText(menu)).toMatch(MENU);
      const buy = await fresh.press('Buy');
      expect(lastText(buy)).toMatch(BUY);
    } finally {
      await fresh.close();
    }
  });
});
