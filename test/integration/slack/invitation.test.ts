// An administrator's one-time code on Slack: sent in a direct message at the username prompt, it
// names the person, who chooses a password in the form the bot opens (Slack's secret prompt, titled
// "Choose a password", not "Log in" as the login's form), not in the chat. A reseller user's Slack member is then linked and logged in; a member of staff logs
// in with the username and that password. The passwords are in nothing Slack received.
import { describe, expect, it, vi } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { inviteUser } from '../../../src/domain/use-cases/admin/users';
import { MIN_PASSWORD } from '../../../src/domain/use-cases/invitations';
import { invitationCodes } from '../../../src/infra/auth/invitation-codes';
import { knexAdminStore } from '../../../src/infra/store/admin/admin-store';
import { databaseText } from '../../support/console-flows';
import { testHasher } from '../../support/demo-store';
import type { SlackMessage } from '../../support/fake-slack';
import { slackDriverForTests, textOf, type SlackDriver } from '../../support/slack-driver';

const ADMIN = { kind: 'staff' as const, id: null, name: 'admin1', role: 'admin' as const };

describe('an invitation code on Slack', () => {
  let d: SlackDriver;
  slackDriverForTests((driver) => (d = driver));

  async function invite(input: { username: string; name: string; role: string; partnerId: string | null }): Promise<string> {
    const result = await inviteUser(knexAdminStore(d.demo.knex), { codes: invitationCodes(), hasher: testHasher }, { actor: ADMIN, ...input, now: d.clock.now() });
    if (result.kind !== 'invited') throw new Error(`not invited: ${result.kind}`);
    return result.code;
  }

  const identitiesOf = (member: string) => d.demo.knex('channel_identities').where({ channel: 'slack', external_user_id: member }).select('chat_id', 'reseller_user_id');
  /** Everything the fake Slack received or answered: Web API calls, its answers, the messages and views it keeps. */
  const everythingSlackSaw = () => JSON.stringify([d.fake.calls.map((c) => c.body), d.fake.responses, d.fake.messages(), d.fake.views()]);

  /** The texts a form shows: its title (at most 24 characters on Slack), its input's label, its buttons. */
  const wordsOf = (view: Record<string, unknown>) => {
    const text = (o: unknown) => (o as { text?: string } | null)?.text;
    const blocks = view.blocks as Array<{ label?: unknown }>;
    return { title: text(view.title), label: text(blocks[0]?.label), submit: text(view.submit), close: text(view.close) };
  };
  const CHOOSE_FORM = { title: 'Choose a password', label: `New password (at least ${MIN_PASSWORD} characters)`, submit: 'Set the password', close: 'Cancel' };

  /** Presses the password button of the newest prompt in `chat`, and submits `password` in the form the bot opens (the one to choose a new password). */
  async function passwordInForm(chat: ReturnType<SlackDriver['chat']>, password: string): Promise<SlackMessage[]> {
    const prompt = chat.lastWithButtons();
    expect(d.fake.buttonsOf(prompt).map((b) => b.text)).toContain(t.login.enterPasswordPrivately);
    const opened = d.fake.views().length;
    expect((await d.fake.pressButton(d.routeUrl, chat.user, prompt, t.login.enterPasswordPrivately)).status).toBe(200);
    await vi.waitFor(() => expect(d.fake.views().slice(opened).some((v) => v.private_metadata === chat.channel)).toBe(true), { timeout: 5_000, interval: 20 });
    const view = d.fake.views().slice(opened).filter((v) => v.private_metadata === chat.channel).at(-1) as Record<string, unknown>;
    expect(wordsOf(view)).toEqual(CHOOSE_FORM);
    const before = d.fake.messages().length;
    expect((await d.fake.submitView(d.routeUrl, { user: chat.user, view, values: { password: { value: password } } })).status).toBe(200);
    return d.settled(before);
  }

  it('a reseller user sends the code in a direct message, chooses a password in the form (a short one refused), and is linked and logged in; the code works once', async () => {
    const code = await invite({ username: 'nina', name: 'Nina New', role: 'owner', partnerId: '100003' });
    const nina = d.chat('UNINA');
    const short = 'Nina-9chr';
    const chosen = 'Nina-Slack-Chosen-Pw';
    expect(short.length).toBeLessThan(MIN_PASSWORD);

    const named = await nina.send(code);
    expect(textOf(named)).toContain(t.login.invitationWelcome('Nina New', 'nina', MIN_PASSWORD));
    expect(textOf(named)).toContain(t.login.choosePassword);
    // Nothing asks for the password to be typed into the chat, where the bot cannot delete it.
    expect(textOf(named)).not.toMatch(/send it/i);

    const refused = await passwordInForm(nina, short);
    expect(textOf(refused)).toContain(t.login.invitationRefused.weak_password);
    expect(textOf(refused)).not.toContain('Welcome, Nina New (');
    expect(await identitiesOf(nina.user)).toEqual([]);

    // As the refusal says: the code again, then a password long enough.
    expect(textOf(await nina.send(code))).toContain(t.login.invitationWelcome('Nina New', 'nina', MIN_PASSWORD));
    const welcomed = await passwordInForm(nina, chosen);
    expect(textOf(welcomed)).toContain(t.login.passwordChosen);
    expect(textOf(welcomed)).toContain(t.login.loggedIn('Nina New', 'Rhein Telefonie GmbH'));
    expect(textOf(welcomed)).not.toContain(t.login.deletePasswordYourself);
    expect(nina.labels()).toContain('Buy');
    const user = await d.demo.knex('reseller_users').where({ username: 'nina' }).first('id');
    expect(await identitiesOf(nina.user)).toEqual([{ chat_id: nina.channel, reseller_user_id: user.id }]);
    expect(await d.demo.knex('invitations').where({ reseller_user_id: user.id }).first('used_at', 'used_on')).toMatchObject({ used_at: expect.any(Date), used_on: 'slack' });

    // Someone else sending the same code later is refused.
    const other = d.chat('UOTHER');
    await other.send('/start');
    const again = await other.send(code);
    expect(textOf(again)).toContain(t.login.invitationRefused.code_used);
    expect(textOf(again)).not.toContain('Nina New');

    const seen = everythingSlackSaw();
    expect(seen).not.toContain(short);
    expect(seen).not.toContain(chosen);
    for (const [table, text] of await databaseText(d.demo)) {
      expect(text, table).not.toContain(chosen);
      expect(text, table).not.toContain(code);
    }
  });

  it('a member of staff chooses a password in the form, then logs in with the username and it and gets the staff menu', async () => {
    const code = await invite({ username: 'stan', name: 'Stan Staff', role: 'staff', partnerId: null });
    const stan = d.chat('USTAN');
    const chosen = 'Stan-Slack-Chosen-Pw';

    await stan.send(code);
    const set = await passwordInForm(stan, chosen);
    expect(textOf(set)).toContain(t.login.staffPasswordChosen('stan'));
    // Staff accounts are not linked to a chat: the login follows.
    expect(await identitiesOf(stan.user)).toEqual([]);

    const views = d.fake.views().length;
    const loggedIn = await stan.login('stan', chosen);
    // The form to log in keeps its title.
    expect(wordsOf(d.fake.views()[views] as Record<string, unknown>)).toEqual({ title: 'Log in', label: 'Password', submit: 'Log in', close: 'Cancel' });
    expect(textOf(loggedIn)).toContain(t.staff.welcome('Stan Staff'));
    expect(textOf(loggedIn)).toContain(t.staff.menuTitle('Stan Staff', 'staff').split('\n')[0]);
    expect(stan.labels()).toContain(t.staff.logout);

    expect(everythingSlackSaw()).not.toContain(chosen);
  });
});
