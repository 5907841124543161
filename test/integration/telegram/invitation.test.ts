// An administrator's one-time code through Telegram: the t.me link sends `/start <code>`; the
// password chosen is deleted from the chat like a login's, and the chat is linked to the user.
import { describe, expect, it } from 'vitest';
import { adminCli } from '../../support/admin-cli';
import { databaseText } from '../../support/console-flows';
import { said, sentTexts, telegramDriverForTests, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const NINA: TgUser = { id: 7021, first_name: 'Nina' };

describe('an invitation code on Telegram', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));

  it('takes /start <code> from the t.me link, deletes the chosen password and logs the user in', async () => {
    const invited = await adminCli(tg.demo, { telegramBot: 'DemoOrderBot' }).json('users:invite', ['--username', 'nina', '--name', 'Nina New', '--role', 'owner', '--reseller', '100003']);
    expect(invited.link).toBe(`https://t.me/DemoOrderBot?start=${String(invited.code)}`);
    const nina = tg.chat(NINA);
    const prompt = await nina.send(`/start ${String(invited.code)}`);
    expect(said(prompt)).toMatch(/Your new password\?/);

    const update = tg.textUpdate('nina-chosen-pass', NINA);
    const calls = await tg.deliver(update);
    expect(calls.filter((c) => c.method === 'deleteMessage').map((c) => c.body)).toEqual([{ chat_id: NINA.id, message_id: update.message.message_id }]);
    const texts = sentTexts(calls).join('\n');
    expect(texts).toContain('Your password is set, and this chat is linked to you.');
    expect(texts).toContain('Welcome, Nina New (Rhein Telefonie GmbH).');
    expect(nina.labels()).toContain('Buy');
    const user = await tg.demo.knex('reseller_users').where({ username: 'nina' }).first('id');
    expect(await tg.demo.knex('channel_identities').where({ channel: 'telegram', chat_id: String(NINA.id) }).first()).toMatchObject({ reseller_user_id: user.id });
    for (const [table, text] of await databaseText(tg.demo)) {
      expect(text, table).not.toContain('nina-chosen-pass');
      expect(text, table).not.toContain(String(invited.code));
    }
  });
});
