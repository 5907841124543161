// Team approvals across chat platforms, on one database: a sales user asks on Telegram and the
// owner approves on Slack (and the other way round, rejecting with a reason); the requests and
// decisions travel through the outbox and the notifications job to the real adapters and the
// fake platforms. Then the owner chooses a Slack channel for the team's requests: one message
// there replaces the Slack direct messages, and whoever presses Approve continues privately.
// Amounts of pricing.md (Acme: Gold 25 %, VAT 21 %): 1 × Professional 8 SC, 1 year.
import { DelayedError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { silentLogger } from '../../../src/infra/log';
import { outboxStore } from '../../../src/infra/store/outbox';
import { notificationProcessor } from '../../../src/jobs/notifications';
import { demoStore } from '../../support/demo-store';
import { slackDriver, textOf, type SlackDriver } from '../../support/slack-driver';
import { said, telegramDriver, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const OWNER_SLACK = 'UDANA';
const SALES_SLACK = 'USAM';
const OWNER_TG: TgUser = { id: 8101, first_name: 'Dana' };
const SALES_TG: TgUser = { id: 8102, first_name: 'Sam' };
const TEAM_CHANNEL = 'CACMETEAM';
// 1 × Professional 8 SC for 1 year at Acme's terms, as pricing.md computes it.
const TOTAL = /EUR 317\.63/;

describe('team approvals between Telegram and Slack', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  let tg: TelegramDriver;
  let sl: SlackDriver;

  beforeAll(async () => {
    demo = await demoStore();
    tg = await telegramDriver({ demo });
    sl = await slackDriver({ demo });
  });

  afterAll(async () => {
    await sl?.close();
    await tg?.close();
    await demo?.drop();
  });

  /** Runs the notifications job for every message waiting in the outbox, as the queue would. */
  async function deliverOutbox(): Promise<string[]> {
    const process = notificationProcessor({ outbox: outboxStore(demo.knex), notifiers: { slack: sl.bot, telegram: tg.bot }, sandbox: true, log: silentLogger });
    const ids = (await demo.knex('outbox').whereNull('delivered_at').whereNull('given_up_at').orderBy('id').pluck('id')).map(Number);
    const outcomes: string[] = [];
    for (const id of ids) {
      for (;;) {
        let delayedBy = 0;
        const job = { data: { outboxId: id }, id: `n${id}`, moveToDelayed: async (at: number) => void (delayedBy = at - Date.now()) };
        try {
          outcomes.push(await process(job));
          break;
        } catch (error) {
          // Slack's pace of one message a second per channel: the queue would deliver it a moment later.
          if (!(error instanceof DelayedError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.max(delayedBy, 10)));
        }
      }
    }
    return outcomes;
  }

  /** Fills the cart with 1 × Professional 8 SC for 1 year and asks for approval, on Telegram. */
  async function askOnTelegram(): Promise<string> {
    const sam = tg.chat(SALES_TG);
    await sam.send('buy 1 pro 8 for 1 year');
    await sam.press('Skip');
    await sam.press(t.quote.addToCart);
    await sam.send('/cart');
    await sam.press(t.cart.proceed);
    await sam.press('Skip');
    return said(await sam.press(t.approvals.askApproval));
  }

  it('a request asked on Telegram reaches the owner on Slack, who approves it by paying: one order, placed by the owner; the requester hears it on Telegram', async () => {
    expect(textOf(await sl.chat(OWNER_SLACK).login('demo'))).toContain('Welcome, Dana Demo');
    expect(said(await tg.chat(SALES_TG).login('sales1', 'sales-pass-1'))).toContain('Welcome, Sam Sales');
    expect(await askOnTelegram()).toMatch(/sent to/);

    expect(await deliverOutbox()).toEqual(['delivered']);
    const request = sl.fake.lastMessage(`D${OWNER_SLACK}`);
    expect(textOf([request])).toMatch(/^Sam Sales asks you to approve an order:/);
    expect(textOf([request])).toMatch(TOTAL);

    const owner = sl.chat(OWNER_SLACK);
    await owner.press(t.approvals.approve);
    const placed = await owner.press('Bank transfer (offline)');
    expect(textOf(placed)).toMatch(/Order \d+ is placed\. Please transfer EUR 317\.63/);
    const orders = await demo.knex('orders as o').join('reseller_users as u', 'u.id', 'o.placed_by').select('o.number', 'o.channel', 'o.total_cents', 'u.username');
    expect(orders).toEqual([{ number: expect.any(Number), channel: 'slack', total_cents: 31_763, username: 'demo' }]);

    expect(await deliverOutbox()).toEqual(['delivered']);
    const told = tg.messagesIn(SALES_TG.id).at(-1)?.text ?? '';
    expect(told).toMatch(new RegExp(`^Dana Demo approved your request: order ${orders[0].number} \\(EUR 317\\.63\\) is placed`));
  });

  it('a request asked on Slack reaches the owner on Telegram too, who rejects it with a reason the requester reads on Slack', async () => {
    expect(said(await tg.chat(OWNER_TG).login('demo'))).toContain('Welcome, Dana Demo');
    const sam = sl.chat(SALES_SLACK);
    await sam.login('sales1', 'sales-pass-1');
    await sam.send('buy 1 pro 8 for 1 year');
    await sam.press('Skip');
    await sam.press(t.quote.addToCart);
    await sam.send('cart');
    await sam.press(t.cart.proceed);
    await sam.press('Skip');
    await sam.press(t.approvals.askApproval);

    // To each private chat of the owner: Slack and Telegram.
    expect(await deliverOutbox()).toEqual(['delivered', 'delivered']);
    const owner = tg.chat(OWNER_TG);
    expect(owner.messages().at(-1)?.text).toMatch(/^Sam Sales asks you to approve an order:/);
    await owner.press(t.approvals.reject);
    expect(said(await owner.send('Too expensive for this customer'))).toContain(t.approvals.rejected('Sam Sales'));

    expect(await deliverOutbox()).toEqual(['delivered']);
    expect(textOf([sl.fake.lastMessage(`D${SALES_SLACK}`)])).toBe('Dana Demo did not approve your request: "Too expensive for this customer". Your cart is as it was.');
    // The request pressed again on Slack: decided, nothing done.
    const stale = await sl.chat(OWNER_SLACK).press(t.approvals.reject);
    expect(textOf(stale)).toMatch(/already rejected by Dana Demo/);
  });

  describe('a Slack channel for the team’s requests', () => {
    it('is refused to a sales user, and said in a direct message it points to the channel', async () => {
      expect(textOf(await sl.chat(SALES_SLACK, TEAM_CHANNEL).send('approvals here'))).toContain(t.notAllowed('sales'));
      expect(textOf(await sl.chat(OWNER_SLACK).send('approvals here'))).toContain(t.approvals.teamChat('say_it_there'));
      expect(await demo.knex('approval_team_chats')).toEqual([]);
    });

    it('is chosen by the owner saying "approvals here" in it; a Telegram group cannot be chosen', async () => {
      const chosen = await sl.chat(OWNER_SLACK, TEAM_CHANNEL).send('approvals here');
      expect(textOf(chosen)).toContain(t.approvals.teamChat('here'));
      expect(await demo.knex('approval_team_chats').select('channel', 'chat_id')).toEqual([{ channel: 'slack', chat_id: TEAM_CHANNEL }]);
      const group = { id: -100777, type: 'group' as const };
      expect(said(await tg.chat(OWNER_TG, group).send('approvals here'))).toContain(t.approvals.teamChat('not_on_this_channel'));
      expect(Number((await demo.knex('audit_log').where({ action: 'approval.team_chat' }).count('* as n').first())?.n)).toBe(1);
    });

    it('gets one message for the team instead of the Slack direct messages; Approve pressed there continues in the presser’s direct messages', async () => {
      const dmBefore = sl.fake.messages(`D${OWNER_SLACK}`).length;
      // Sam (Telegram) asks again.
      expect(await askOnTelegram()).toMatch(/sent to/);
      // The channel, and the owner's Telegram chat; no Slack direct message.
      expect(await deliverOutbox()).toEqual(['delivered', 'delivered']);
      expect(sl.fake.messages(`D${OWNER_SLACK}`)).toHaveLength(dmBefore);
      const inChannel = sl.fake.lastMessage(TEAM_CHANNEL);
      expect(textOf([inChannel])).toMatch(/^Sam Sales asks an owner or purchase user to approve an order:/);
      expect(tg.chat(OWNER_TG).messages().at(-1)?.text).toMatch(/^Sam Sales asks you to approve an order:/);

      const before = sl.fake.messages().length;
      await sl.fake.pressButton(sl.routeUrl, OWNER_SLACK, inChannel, t.approvals.approve);
      const posted = await sl.settled(before);
      expect(posted.filter((m) => m.channel === TEAM_CHANNEL).map((m) => [m.text, m.ephemeralTo])).toEqual([[t.continuedInDirectMessages, OWNER_SLACK]]);
      const review = posted.filter((m) => m.channel === `D${OWNER_SLACK}`);
      expect(textOf(review)).toMatch(/^Sam Sales asks you to approve this order:/m);
      // The rejected request's line is still in Sam's cart ("as it was"), beside the new one:
      // 2 × EUR 262.50 taxable, VAT 21 % on the sum.
      expect(textOf(review)).toMatch(/Total: EUR 635\.25/);
    });

    it('goes back to direct messages when the owner says so', async () => {
      expect(textOf(await sl.chat(OWNER_SLACK).send('approvals by direct message'))).toContain(t.approvals.teamChat('direct_messages'));
      expect(await demo.knex('approval_team_chats')).toEqual([]);
    });
  });
});
