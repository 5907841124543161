// The Slack channel end to end: signed events and button presses sent to the product's events
// route as Slack sends them, Bolt's client posting Block Kit messages to a fake Web API. A
// reseller logs in (the password in a form, never in the chat), orders a new license and pays
// by bank transfer at the amounts of pricing.md.
import { waitFor } from '../../support/payments-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, slackDriver, textOf, type SlackDriver } from '../../support/slack-driver';

describe('Slack: a reseller orders from a direct message', () => {
  let d: SlackDriver;

  beforeAll(async () => {
    d = await slackDriver();
  });

  afterAll(async () => {
    await d?.close();
  });

  it('answers Slack\'s URL verification with the challenge', async () => {
    const result = await d.fake.urlVerification(d.routeUrl);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ challenge: result.payload.challenge });
  });

  it('logs in with the password typed into a form, never into the chat', async () => {
    const alice = d.chat(ALICE);
    const menu = await alice.login();
    expect(textOf(menu)).toMatch(/Welcome, /);
    // The prompt offered the form; the password went nowhere but the form.
    const posted = d.fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => JSON.stringify(c.body));
    expect(posted.some((body) => body.includes('demo-pass-1'))).toBe(false);
    const opened = d.fake.callsOf('views.open');
    expect(opened).toHaveLength(1);
    expect(JSON.stringify(opened[0]?.body)).not.toContain('demo-pass-1');
  });

  it('orders 2 Professional 16 SC licenses with 1 additional year and pays by bank transfer: EUR 2,159.85, as pricing.md', async () => {
    const alice = d.chat(ALICE);
    await alice.press('Buy');
    await alice.press('New license');
    await alice.press('Professional');
    await alice.press('16 SC');
    await alice.press('2');
    await alice.press('2');
    const summary = await alice.press('Skip');
    expect(textOf(summary)).toMatch(/Professional 16 SC, 2 licenses, 2 years/);
    expect(textOf(summary)).toMatch(/List price: EUR 2,380\.00/);
    await alice.press('Add to cart');
    await alice.send('/cart');
    await alice.press('Proceed to checkout');
    const review = await alice.press('Skip');
    expect(textOf(review)).toMatch(/^Order summary:/m);
    const placed = await alice.press('Bank transfer (offline)');
    expect(textOf(placed)).toMatch(/Order \d+ is placed\. Please transfer EUR 2,159\.85 with the payment reference TCX-\d{6}-\d\d/);
    const order = await d.demo.knex('orders').orderBy('number', 'desc').first();
    expect(order).toMatchObject({ channel: 'slack', chat_id: `D${ALICE}`, payment_method: 'offline', status: 'awaiting_payment', total_cents: 215_985 });

    // Its invoice, opened: the PDF is shared in the direct message after its message.
    await alice.send('invoices');
    const opened = await alice.press('Open 1');
    expect(textOf(opened)).toContain(`payment reference ${order.payment_reference}`);
    await waitFor(() => d.fake.files().some((f) => f.channel === `D${ALICE}` && /^INV-\d{4}-\d{6}\.pdf$/.test(f.filename)), { what: 'the invoice PDF shared' });
    const file = d.fake.files().find((f) => f.channel === `D${ALICE}`);
    expect(file?.body).toContain('%PDF');
  });
});
