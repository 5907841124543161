// The distributor's staff in Telegram: recognised in the staff chat (STAFF_CHAT) once logged in
// privately, and sent to a private chat from any other group; each staff action run once
// through Telegram, with its effect and its audit entry; a reseller's forged staff button refused.
import { describe, expect, it } from 'vitest';
import { ALICE, GROUP, said, telegramDriverForTests, type TelegramDriver, type TgChat, type TgUser } from '../../support/telegram-driver';

const SAM: TgUser = { id: 7100, first_name: 'Sam' };
const STAFF_GROUP: TgChat = { id: -100777, type: 'group' };

let tg: TelegramDriver;
telegramDriverForTests((driver) => {
  tg = driver;
}, { staffChat: STAFF_GROUP });

describe('staff in group chats', () => {
  it('a member of staff not logged in is told, in any group, to log in privately; no password is asked there', async () => {
    const samInGroup = tg.chat(SAM, STAFF_GROUP);
    const first = await samInGroup.send('/start');
    expect(said(first)).toMatch(/only ask for passwords in a private chat/);
    expect(said(await samInGroup.send('staff1'))).not.toMatch(/password for/i);
    expect(await tg.demo.knex('staff_sessions').count('* as n').first()).toEqual({ n: 0 });
  });

  it('logged in privately, staff are recognised in the staff chat: the staff menu there, the login in the audit log', async () => {
    const sam = tg.chat(SAM);
    expect(said(await sam.login('staff1', 'staff-pass-1'))).toContain('Welcome, Sam Staff (staff).');
    const samInStaffChat = tg.chat(SAM, STAFF_GROUP);
    const menu = await samInStaffChat.send('/menu');
    expect(said(menu)).toContain('Welcome, Sam Staff (staff).');
    expect(said(menu)).toMatch(/Staff menu — Sam Staff \(staff\)/);
    expect(menu.filter((c) => c.method === 'sendMessage').every((c) => c.body.chat_id === STAFF_GROUP.id)).toBe(true);
    expect(samInStaffChat.labels()).toEqual(['Find', 'Needs attention', 'Log out']);
    // Its buttons work there, as in the private chat.
    expect(said(await samInStaffChat.press(/^Needs attention/))).toContain('Nothing waits for staff.');
    const logins = await tg.demo.knex('audit_log').where({ action: 'staff.login' }).orderBy('id').select('details');
    expect(logins).toEqual([{ details: { channel: 'telegram', role: 'staff' } }, { details: { channel: 'telegram', role: 'staff', recognisedIn: 'staff_chat' } }]);
    expect(await tg.demo.knex('staff_sessions').where({ chat_id: String(STAFF_GROUP.id) }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('in any other group a member of staff is told, in one sentence, to use the private chat or the staff chat; nothing of the staff desk is shown', async () => {
    const samInGroup = tg.chat(SAM, GROUP);
    for (const text of ['/menu', 'TCX-000001']) {
      const answer = said(await samInGroup.send(text));
      expect(answer).toContain('You are logged in as staff in your private chat with me.');
      expect(answer).toContain('use it in our private chat or in the staff chat.');
      expect(answer).not.toMatch(/Staff menu|Found for|Waiting for staff/);
    }
    expect(await tg.demo.knex('staff_sessions').where({ chat_id: String(GROUP.id) }).count('* as n').first()).toEqual({ n: 0 });
  });

  it('a reseller user in the staff chat gets nothing of the staff desk', async () => {
    const alice = tg.chat(ALICE);
    await alice.login('demo', 'demo-pass-1');
    const aliceInStaffChat = tg.chat(ALICE, STAFF_GROUP);
    const menu = said(await aliceInStaffChat.send('/menu'));
    expect(menu).toMatch(/Main menu/);
    expect(menu).not.toMatch(/Staff menu/);
  });

  it('logging out privately ends the staff session in the staff chat too', async () => {
    const sam = tg.chat(SAM);
    await sam.send('/menu');
    expect(said(await sam.press('Log out'))).toContain('You are logged out.');
    const samInStaffChat = tg.chat(SAM, STAFF_GROUP);
    const after = said(await samInStaffChat.send('/menu'));
    expect(after).not.toMatch(/Staff menu/);
    expect(await tg.demo.knex('staff_sessions').count('* as n').first()).toEqual({ n: 0 });
  });
});
