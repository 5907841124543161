// An administrator's resellers and people through Telegram, each action once: admin1 logs in
// privately, creates a reseller from a typed form, edits one, gives a reseller's user a new
// password code (with the t.me link), changes the user's role, removes the user, and invites a
// member of staff; each is in the database and the audit log. A reseller's owner and staff1
// pressing these buttons reach nothing of them.
import { describe, expect, it } from 'vitest';
import { ALICE, said, telegramDriverForTests, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const ADA: TgUser = { id: 7150, first_name: 'Ada' };
const SAM: TgUser = { id: 7151, first_name: 'Sam' };

describe('an administrator\'s resellers and people in Telegram', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));
  const audit = (action: string) => tg.demo.knex('audit_log').where({ action }).select('actor', 'subject');

  it('a reseller\'s owner and staff1 pressing the admin flow\'s buttons reach nothing of them', async () => {
    for (const [user, username, password] of [[ALICE, 'demo', 'demo-pass-1'], [SAM, 'staff1', 'staff-pass-1']] as const) {
      const chat = tg.chat(user);
      await chat.login(username, password);
      const menu = chat.lastWithKeyboard();
      const nonce = (menu.markup?.inline_keyboard.flat()[0]?.callback_data ?? '').split(':')[0];
      for (const action of ['admin.people', 'admin.create', 'people.yes']) {
        const out = said(await chat.pressData(`${nonce}:${action}`, menu.messageId));
        expect(out, `${username} ${action}`).toContain('That button belongs to an older message and was not used.');
        expect(out).not.toMatch(/staff \(\d+\)|A new reseller|one-time code/);
      }
    }
    expect(await tg.demo.knex('audit_log').whereIn('action', ['reseller.created', 'reseller.edited', 'user.invited', 'user.password_reset', 'user.role_changed', 'user.removed']).count('* as n').first()).toEqual({ n: 0 });
  });

  it('admin1 creates a reseller and edits one', async () => {
    const ada = tg.chat(ADA);
    const login = await ada.login('admin1', 'admin-pass-1');
    expect(login.filter((c) => c.method === 'deleteMessage')).toHaveLength(1);
    await ada.press('Admin');
    await ada.press('Resellers');
    await ada.press('New reseller');
    await ada.send('partner id: 100060\ncompany: Fjord Tele AS\ncountry: NO\nlevel: gold');
    expect(said(await ada.press('Create the reseller'))).toContain('Reseller Fjord Tele AS (partner 100060) is created at level gold.');
    const created = await tg.demo.knex('resellers').where({ partner_id: '100060' }).first('id', 'country', 'level_code');
    expect(created).toMatchObject({ country: 'NO', level_code: 'gold' });
    expect(await audit('reseller.created')).toEqual([{ actor: 'staff:admin1', subject: `reseller:${created.id}` }]);

    await ada.press('Edit details');
    await ada.send('time zone: Europe/Oslo\nlegal name: Fjord Telekommunikasjon AS');
    expect(said(await ada.press('Save the changes'))).toContain('The changes to Fjord Tele AS (partner 100060) are saved.');
    expect(await tg.demo.knex('resellers').where({ partner_id: '100060' }).first('timezone', 'legal_name')).toEqual({ timezone: 'Europe/Oslo', legal_name: 'Fjord Telekommunikasjon AS' });
    expect(await audit('reseller.edited')).toEqual([{ actor: 'staff:admin1', subject: `reseller:${created.id}` }]);
  });

  it('admin1 gives a reseller\'s user a new code, changes its role and removes it', async () => {
    const ada = tg.chat(ADA);
    await ada.send('/menu');
    await ada.press('Admin');
    await ada.press('Resellers');
    await ada.send('100001');
    const list = said(await ada.press('Users'));
    const line = list.split('\n').find((l) => l.includes('. sales1 — ')) ?? '';
    await ada.press(`Open ${line.split('.')[0]}`);
    await ada.press('New password code');
    const coded = said(await ada.press('Yes, give a new code'));
    const code = /: (INV-[A-Z0-9]{20})$/m.exec(coded)?.[1] ?? '';
    expect(coded).toContain(`Telegram: https://t.me/threecx_orders_bot?start=${code}`);
    await ada.press('Change role');
    await ada.press('Owner');
    expect(said(await ada.press('Yes, change the role'))).toContain('sales1 is owner now (was sales).');
    await ada.press('Remove');
    expect(said(await ada.press('Yes, remove'))).toContain('sales1 is removed');
    const user = await tg.demo.knex('reseller_users').where({ username: 'sales1' }).first('id', 'role', 'active');
    expect(user).toMatchObject({ role: 'owner', active: false });
    for (const action of ['user.password_reset', 'user.role_changed', 'user.removed']) expect(await audit(action), action).toEqual([{ actor: 'staff:admin1', subject: `user:${user.id}` }]);
  });

  it('admin1 invites a member of staff from the Staff entry', async () => {
    const ada = tg.chat(ADA);
    await ada.send('/menu');
    await ada.press('Admin');
    expect(said(await ada.press('Staff'))).toMatch(/The distributor's staff \(2\):/);
    await ada.press('Invite a staff member');
    await ada.press('Staff');
    await ada.send('tina Tina Staff');
    const invited = said(await ada.press('Yes, invite'));
    const code = /: (INV-[A-Z0-9]{20})$/m.exec(invited)?.[1] ?? '';
    expect(invited).toContain(`one-time code for tina (Tina Staff, staff), valid until`);
    expect(invited).toContain(`Telegram: https://t.me/threecx_orders_bot?start=${code}`);
    const row = await tg.demo.knex('staff_users').where({ username: 'tina' }).first('id', 'role');
    expect(row.role).toBe('staff');
    expect(await audit('user.invited')).toEqual([{ actor: 'staff:admin1', subject: `staff:${row.id}` }]);
  });
});
