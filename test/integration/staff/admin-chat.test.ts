// The distributor's administrators in the JSONL console: admin1's staff menu has Admin (staff1's
// has not, and a forged press of it is refused, as is the demo owner's); the audit log searched by
// a person, a reseller, an order or a day, paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../../support/console-driver';
import { labels, lastText, textOf, type Chat, type Demo } from '../../support/console-flows';
import { demoStore } from '../../support/demo-store';

let demo: Demo;
let admin: Chat;
let staff: Chat;
let owner: Chat;

/** The press of `action` on the chat's latest message, as a forged id with that message's nonce. */
function forged(chat: Chat, action: string): string {
  const id = chat.lastWithButtons().buttons.flat().find((b) => b.id)?.id ?? '';
  return `${id.split(':')[0]}:${action}`;
}

beforeAll(async () => {
  demo = await demoStore();
  admin = await consoleSession({ demo, key: { chatId: 'admin', userId: 'admin' } });
  staff = await consoleSession({ demo, key: { chatId: 'staff', userId: 'staff' } });
  owner = await consoleSession({ demo, key: { chatId: 'owner', userId: 'owner' } });
  await owner.login('demo');
  await staff.login('staff1', 'staff-pass-1');
});

afterAll(async () => {
  await admin?.close();
  await staff?.close();
  await owner?.close();
  await demo?.drop();
});

describe('the Admin entry', () => {
  it('admin1 logs in and the staff menu has Admin, which opens the admin menu', async () => {
    const menu = await admin.login('admin1', 'admin-pass-1');
    expect(labels(menu)).toEqual(['Find', 'Needs attention', 'Admin', 'Log out']);
    const adminMenu = await admin.press('Admin');
    expect(lastText(adminMenu)).toMatch(/^Admin menu — /);
    expect(labels(adminMenu)).toEqual(expect.arrayContaining(['Audit log', 'Staff menu']));
  });

  it('staff1 has no Admin, and a forged press of it is refused, saying so', async () => {
    const menu = await staff.send('/menu');
    expect(labels(menu)).toEqual(['Find', 'Needs attention', 'Log out']);
    const refused = await staff.pressId(forged(staff, 'staff.admin'));
    expect(textOf(refused)).toContain('Only an administrator may do that: nothing was done.');
    expect(lastText(refused)).toMatch(/^Staff menu — Sam Staff/);
  });

  it('the demo owner\'s forged admin presses are not used', async () => {
    await owner.send('/menu');
    for (const action of ['staff.admin', 'admin.audit']) {
      const out = await owner.pressId(forged(owner, action));
      expect(textOf(out)).toContain('That button belongs to an older message and was not used.');
      expect(textOf(out)).not.toContain('Admin menu');
    }
  });

  it('admin commands forged into the interpreter are refused to a reseller and to a staff user', async () => {
    const { interpret } = await import('../../../src/conversation/interpreter');
    const ctx = (chatId: string) => ({
      licenses: demo.provider, hasher: { hash: async () => '', verify: async () => false, dummyHash: '' }, now: new Date(), today: '2026-11-26', timeZone: 'UTC',
      paymentMethods: ['offline' as const], channel: 'console' as const, chatId, externalUserId: chatId, afterCommit: () => undefined,
    });
    const command = { kind: 'admin_audit' as const, criterion: { by: 'person' as const, value: 'demo' }, page: 0 };
    for (const [chatId, expected] of [['owner', 'not_allowed'], ['staff', 'admin_only']] as const) {
      const saved = await demo.knex('conversations').where({ chat_id: chatId }).first('state');
      const answer = await demo.store.transaction((repos) => interpret(command, saved.state, repos, ctx(chatId)));
      expect(answer).toEqual({ kind: expected });
    }
  });
});

describe('the audit log', () => {
  it('a person\'s entries: who, when, what (admin1\'s own login)', async () => {
    await admin.send('/menu');
    await admin.press('Admin');
    await admin.press('Audit log');
    const found = await admin.send('person admin1');
    // People by their names, not their ids (staff:<id>).
    expect(lastText(found)).toMatch(/^Audit log by or about admin1, newest first:\n• \d{4}-\d{2}-\d{2} \d{2}:\d{2} admin1 — staff\.login admin1$/);
  });

  it('a day\'s entries are paged: Older shows the next five, Newer the first again', async () => {
    // Seven entries of a day of their own (the log's own entries are stamped by the database's clock).
    await demo.knex('audit_log').insert(Array.from({ length: 7 }, (_, i) => ({ at: `2026-11-20T10:0${i}:00Z`, actor: 'staff:ops', action: `test.entry${i}`, subject: null, details: { before: { n: i }, after: { n: i + 1 } } })));
    const found = await admin.send('2026-11-20');
    const first = lastText(found).split('\n').slice(1);
    expect(first).toHaveLength(5);
    expect(first[0]).toBe('• 2026-11-20 10:06 ops — test.entry6: {"n":6} → {"n":7}');
    expect(labels(found)).toEqual(['Older', 'Search again', 'Admin menu']);
    const older = await admin.press('Older');
    expect(lastText(older).split('\n')).toEqual(['Audit log on 2026-11-20, newest first (page 2):', '• 2026-11-20 10:01 ops — test.entry1: {"n":1} → {"n":2}', '• 2026-11-20 10:00 ops — test.entry0: {"n":0} → {"n":1}']);
    expect(labels(older)).toEqual(['Newer', 'Search again', 'Admin menu']);
    const newer = await admin.press('Newer');
    expect(lastText(newer).split('\n').slice(1)).toEqual(first);
  });

  it('an unknown partner id or order is said, and the search asked again', async () => {
    const refused = await admin.send('reseller 999999');
    expect(textOf(refused)).toContain('There is no reseller with partner id 999999.');
    expect(lastText(refused)).toMatch(/^Whose or what entries\?/);
    expect(textOf(await admin.send('order 999999'))).toContain('There is no order 999999');
  });
});

describe('resellers: suspend and reactivate', () => {
  it('admin1 finds Bright by partner id, suspends it with a reason after confirming; its users cannot log in; the audit log has it', async () => {
    await admin.send('/menu');
    await admin.press('Admin');
    await admin.press('Resellers');
    const card = await admin.send('100002');
    expect(lastText(card)).toMatch(/^Reseller Bright .* \(partner 100002\), .*\nStatus: active\.$/);
    await admin.press('Suspend');
    const confirm = await admin.send('unpaid invoices since March');
    expect(lastText(confirm)).toContain('Reason: "unpaid invoices since March"');
    const yes = admin.buttonId('Yes, suspend');
    const done = await admin.pressId(yes);
    expect(textOf(done)).toMatch(/Bright .* \(partner 100002\) is suspended: its users cannot log in or order/);
    expect(lastText(done)).toContain('Status: suspended since');
    expect(labels(done)).toEqual(['Reactivate', 'Invite a user', 'Edit details', 'Users', 'Find a reseller', 'Admin menu']);
    expect((await demo.knex('resellers').where({ partner_id: '100002' }).first('suspended_at')).suspended_at).not.toBeNull();
    const [entry] = await demo.knex('audit_log').where({ action: 'reseller.suspended' }).select('actor', 'details');
    expect(entry).toMatchObject({ actor: 'staff:admin1', details: { before: { suspendedAt: null }, after: { suspendedAt: expect.any(String) }, reason: 'unpaid invoices since March' } });
    // Pressed twice: the old message's button is not used.
    expect(textOf(await admin.pressId(yes))).toContain('That button belongs to an older message and was not used.');
    expect(await demo.knex('audit_log').where({ action: 'reseller.suspended' }).count('* as n').first()).toEqual({ n: 1 });

    const bright = await consoleSession({ demo, key: { chatId: 'bright', userId: 'bright' } });
    try {
      expect(textOf(await bright.login('bright'))).toContain('is suspended: you cannot log in or order for now');
    } finally {
      await bright.close();
    }
    // The audit log in the chat shows it for the reseller.
    await admin.send('/menu');
    await admin.press('Admin');
    await admin.press('Audit log');
    expect(lastText(await admin.send('reseller 100002'))).toMatch(/• .* admin1 — reseller\.suspended Bright Voice Ltd \(partner 100002\): \{"suspendedAt":null\} → \{"suspendedAt":".*"\} \(reason: "unpaid invoices since March"\)/);
  });

  it('a confirmation pressed late (reactivated meanwhile elsewhere) does nothing but say why, and the card shows the reseller as it is now', async () => {
    await admin.send('/menu');
    await admin.press('Admin');
    await admin.press('Resellers');
    // Part of a name finds every reseller it is in: Bright's line is opened.
    const list = await admin.send('Bright');
    const line = lastText(list).split('\n').findIndex((l) => /^\d\. Bright .*\(partner 100002\), suspended$/.test(l));
    expect(line).toBeGreaterThan(0);
    await admin.press(`Open ${line}`);
    await admin.press('Reactivate');
    await admin.send('paid in full');
    // Meanwhile another administrator reactivates it (as `npm run ops -- resellers:reactivate` does).
    const { setResellerSuspended } = await import('../../../src/domain/use-cases/admin/resellers');
    const { knexAdminStore } = await import('../../../src/infra/store/admin/admin-store');
    await setResellerSuspended(knexAdminStore(demo.knex), { actor: { kind: 'staff', id: null, name: 'ops', role: 'admin' }, partnerId: '100002', suspend: false, reason: 'paid', now: new Date() });
    const late = await admin.press('Yes, reactivate');
    expect(textOf(late)).toMatch(/Nothing was done: Bright .* \(partner 100002\) is not suspended\./);
    expect(labels(late)).toEqual(['Suspend', 'Invite a user', 'Edit details', 'Users', 'Find a reseller', 'Admin menu']);
    expect(await demo.knex('audit_log').where({ action: 'reseller.reactivated' }).count('* as n').first()).toEqual({ n: 1 });
  });
});

describe('users: invite to a reseller', () => {
  it('admin1 invites a sales user to Acme: the code and t.me link as the CLI prints them; the bot takes the code; the audit log has it', async () => {
    await admin.send('/menu');
    await admin.press('Admin');
    await admin.press('Resellers');
    await admin.send('100001');
    await admin.press('Invite a user');
    await admin.press('Sales');
    const taken = await admin.send('demo Someone Else');
    expect(textOf(taken)).toContain('That login name is taken');
    const invited = await admin.send('jdoe Jane Doe');
    const code = /: (INV-[A-Z0-9]{20})$/m.exec(textOf(invited))?.[1] ?? '';
    const user = await demo.knex('reseller_users').where({ username: 'jdoe' }).first('id', 'role', 'active');
    const invitation = await demo.knex('invitations').orderBy('created_at', 'desc').first('expires_at');
    expect(textOf(invited)).toContain([
      `one-time code for jdoe (Jane Doe, sales), valid until ${new Date(invitation.expires_at).toISOString()}: ${code}`,
      `Telegram: https://t.me/demo_license_bot?start=${code}`,
      'sent to the bot (Telegram, Slack or the console) at the username prompt, it links that chat account and asks for a password',
    ].join('\n'));
    expect(lastText(invited)).toMatch(/^Reseller Acme/);
    expect(user).toMatchObject({ role: 'sales' });
    const [entry] = await demo.knex('audit_log').where({ action: 'user.invited' }).select('actor', 'subject', 'details');
    expect(entry).toMatchObject({ actor: 'staff:admin1', subject: `user:${user.id}`, details: { before: null, after: { username: 'jdoe', name: 'Jane Doe', role: 'sales' } } });

    const jane = await consoleSession({ demo, key: { chatId: 'jane', userId: 'jane' } });
    try {
      expect(textOf(await jane.send(code))).toContain('jdoe');
      expect((await demo.knex('conversations').where({ chat_id: 'jane' }).first('state')).state.step).toMatchObject({ name: 'login_password', username: 'jdoe' });
    } finally {
      await jane.close();
    }
  });
});
