// The buttons of a renewal reminder pressed in the JSONL console, by the ids of reminders sent
// before buttons named their flow (`~ra:KEY`, which keep working; today's are
// `~renew.annual.KEY` and so on, see delivery.test.ts): Renew now (`~ra:KEY` /
// `~rm:KEY`) opens the renew flow with the key verified and the price, from any step; Remind
// me later (`~later:KEY`) snoozes 3 days; Stop (`~stop:KEY`) stops the license's reminders
// and writes a license event; another reseller's key is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/infra/clock';
import { consoleSession } from '../../support/console-driver';
import { addToCart, cartLines, clearCart, labels, lastText, startNewLicense, textOf } from '../../support/console-flows';
import { demoStore } from '../../support/demo-store';
import { KEY_7Q2M, KEY_B2RV, KEY_P4RP, remindersDemo, type RemindersDemo } from '../../support/reminders-harness';

type Chat = Awaited<ReturnType<typeof consoleSession>>;

describe('reminder buttons in the console (today 2026-12-02, Acme’s owner logged in)', () => {
  let rd: RemindersDemo;
  let chat: Chat;
  let ownerId: string;

  beforeAll(async () => {
    rd = await remindersDemo();
    rd.clock.set('2026-12-02T10:00:00Z');
    chat = await consoleSession({ demo: rd.demo, clock: rd.clock, key: { chatId: 'acme-console', userId: 'acme-console' } });
    expect(chat.text(await chat.login('demo'))).toMatch(/Welcome, /);
    ownerId = await rd.userId('demo');
    // The owner also has Telegram; the morning sweep (08:00Z) already sent the 14-day reminder.
    await rd.link('demo', { chatId: '7001' });
    await rd.claim('2026-12-02');
    rd.clock.set('2026-12-02T10:00:00Z');
  }, 30_000);

  afterAll(async () => {
    await chat?.close();
    await rd?.close();
  });

  beforeEach(async () => {
    await clearCart(rd.demo);
  });

  it('Renew now in the middle of the new-license flow lands in the annual renew flow with the key verified and EUR 350.00 per year', async () => {
    const editions = await startNewLicense(chat);
    expect(lastText(editions)).toBe('New license: which edition?');
    await chat.press('Professional');

    const renew = await chat.pressId(`~ra:${KEY_7Q2M}`);
    expect(lastText(renew)).toBe(
      [
        'License 7Q2M-4K8P-ZX3N-1A9B',
        'Professional 8 SC, annual',
        'expires 2026-12-16 (14 days left)',
        'End customer: Harbor Dental',
        '',
        'Annual license: EUR 350.00 per year (list price). For how many years (1–5)?',
      ].join('\n'),
    );
    const summary = await chat.press('1');
    expect(lastText(summary)).toContain('Renew 7Q2M-4K8P-ZX3N-1A9B: Professional 8 SC, 1 year');
    expect(lastText(summary)).toContain('List price: EUR 350.00');
    expect(lastText(summary)).toContain('New expiry date: 2027-12-16');
    await addToCart(chat);
    expect(await cartLines(rd.demo)).toMatchObject([{ kind: 'renew_annual', list_cents: 35000 }]);
  });

  it('Renew now of a perpetual license (~rm) opens the maintenance renewal', async () => {
    const renew = await chat.pressId(`~rm:${KEY_P4RP}`);
    expect(textOf(renew)).toContain('License P4RP-7TNE-3L6S-9FWA');
    expect(lastText(renew)).toMatch(/maintenance/i);
    expect(lastText(renew)).toMatch(/For how many years/);
  });

  it('Remind me later snoozes 3 days for this user and says until when', async () => {
    await chat.send('/menu');
    await chat.press('Buy');
    const replies = await chat.pressId(`~later:${KEY_7Q2M}`);
    expect(textOf(replies)).toContain('OK: I will remind you about 7Q2M-4K8P-ZX3N-1A9B again on 2026-12-05.');
    const snoozes = await rd.knex('reminder_snoozes').select('license_id', 'reseller_user_id', 'term_end', 'until');
    expect(snoozes).toEqual([{ license_id: await rd.licenseId(KEY_7Q2M), reseller_user_id: ownerId, term_end: '2026-12-16', until: '2026-12-05' }]);
    // The user is still where they were (the Buy menu) after the confirmation.
    expect(labels(replies)).toContain('New license');
  });

  it('the snooze holds the owner’s reminders and brings one back on 2026-12-05 (one per chat)', async () => {
    const keysOn = async (date: string) => (await rd.rows((await rd.claim(date)).map((c) => c.id))).filter((r) => r.key === KEY_7Q2M).map((r) => `${r.username}/${r.chatId}`);
    expect(await keysOn('2026-12-03')).toEqual([]);
    expect(await keysOn('2026-12-04')).toEqual([]);
    expect((await keysOn('2026-12-05')).sort()).toEqual(['demo/7001', 'demo/acme-console']);
    rd.clock.set('2026-12-02T10:00:00Z');
  });

  it('Stop reminders for this key sets licenses.reminders_stopped, writes a license event, and the sweep skips the key', async () => {
    const replies = await chat.pressId(`~stop:${KEY_7Q2M}`);
    expect(textOf(replies)).toContain('OK: no more renewal reminders for 7Q2M-4K8P-ZX3N-1A9B. You can still renew it from My licenses.');
    const license = await rd.knex('licenses').where({ license_key: KEY_7Q2M }).first('id', 'reminders_stopped');
    expect(license.reminders_stopped).toBe(true);
    const events = await rd.knex('license_events').where({ license_id: license.id, kind: 'reminders_stopped' }).select('actor', 'after');
    expect(events).toEqual([{ actor: `user:${ownerId}`, after: { remindersStopped: true } }]);
    // Pressed again (an old message): no second event.
    await chat.pressId(`~stop:${KEY_7Q2M}`);
    expect(await rd.knex('license_events').where({ license_id: license.id, kind: 'reminders_stopped' }).count('id as n')).toEqual([{ n: 1 }]);
    expect((await rd.rows((await rd.claim('2026-12-09')).map((c) => c.id))).filter((r) => r.key === KEY_7Q2M)).toEqual([]);
    rd.clock.set('2026-12-02T10:00:00Z');
  });

  it('another reseller’s key in any reminder button is refused, and nothing changes for it', async () => {
    const bright = await rd.knex('licenses').where({ license_key: KEY_B2RV }).first('id');
    const renew = await chat.pressId(`~ra:${KEY_B2RV}`);
    // Refused like a key that does not exist: nothing about the license is shown.
    expect(textOf(renew)).toContain('License key not found.');
    expect(textOf(renew)).not.toContain('EUR');
    expect(textOf(renew)).not.toContain('Kent Logistics');
    expect(textOf(renew)).not.toMatch(/For how many years/);

    const later = await chat.pressId(`~later:${KEY_B2RV}`);
    expect(textOf(later)).toContain('That license is no longer one of yours.');
    const stop = await chat.pressId(`~stop:${KEY_B2RV}`);
    expect(textOf(stop)).toContain('That license is no longer one of yours.');

    expect(await rd.knex('licenses').where({ id: bright.id }).first('reminders_stopped')).toEqual({ reminders_stopped: false });
    expect(await rd.knex('license_events').where({ license_id: bright.id, kind: 'reminders_stopped' })).toEqual([]);
    expect(await rd.knex('reminder_snoozes').where({ license_id: bright.id })).toEqual([]);
  });

  it('a key that does not exist, or a malformed one, is refused too', async () => {
    expect(textOf(await chat.pressId('~later:ZZZZ-ZZZZ-ZZZZ-ZZZZ'))).toContain('That license is no longer one of yours.');
    expect(textOf(await chat.pressId('~stop:not-a-key'))).toContain('That license is no longer one of yours.');
    expect(textOf(await chat.pressId('~ra:not-a-key'))).not.toMatch(/For how many years/);
  });
});

describe('reminder buttons for someone not allowed to use them', () => {
  let chat: Chat;
  let demo: Awaited<ReturnType<typeof demoStore>>;
  beforeAll(async () => {
    demo = await demoStore();
    chat = await consoleSession({ demo, clock: fixedClock('2026-12-02T10:00:00Z') });
  }, 30_000);
  afterAll(async () => {
    await chat?.close();
    await demo?.drop();
  });

  it('before logging in: asks to log in and changes nothing', async () => {
    expect(textOf(await chat.pressId(`~stop:${KEY_7Q2M}`))).toContain('Please log in first.');
    expect(await demo.knex('licenses').where({ license_key: KEY_7Q2M }).first('reminders_stopped')).toEqual({ reminders_stopped: false });
  });

  it('a support user (who cannot fill a cart) pressing Renew now is refused by role', async () => {
    expect(chat.text(await chat.login('support1'))).toMatch(/Welcome, /);
    const replies = await chat.pressId(`~ra:${KEY_7Q2M}`);
    expect(textOf(replies)).toContain('Your role (support) does not allow that.');
    expect(textOf(replies)).not.toMatch(/For how many years/);
  });

  it('a support user (who never receives reminders) cannot stop the reseller’s reminders with a crafted Stop button (~stop:KEY)', async () => {
    const replies = await chat.pressId(`~stop:${KEY_7Q2M}`);
    expect(textOf(replies)).not.toContain('OK: no more renewal reminders');
    expect(await demo.knex('licenses').where({ license_key: KEY_7Q2M }).first('reminders_stopped')).toEqual({ reminders_stopped: false });
    expect(await demo.knex('license_events').where({ kind: 'reminders_stopped' })).toEqual([]);
  });
});
