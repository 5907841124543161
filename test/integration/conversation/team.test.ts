// An owner's team in the JSONL console, against PostgreSQL: demo (owner of Acme) lists Acme's
// users with their private and group chats, invites a purchase user (the code and t.me link as an
// administrator gets them; the colleague redeems it in a chat of their own), gives a colleague a
// new password code (as an administrator's reset: the colleague stays logged in, the old password
// works until the code is used), changes a role and removes a user, each after confirming,
// audited with the owner as actor. No code is made in a group. The last owner keeps the role; the
// owner's own card offers no New password code, Change role or Remove; purchase, sales and
// support users are told an owner does this; another reseller's user, pressed or forged, changes
// nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../../support/console-driver';
import { labels, lastText, replyButtonId, savedState, textOf, userId, type Chat, type Demo } from '../../support/console-flows';
import { demoStore } from '../../support/demo-store';

let demo: Demo;
let owner: Chat;
let sales: Chat;
let support: Chat;
const chats: Chat[] = [];

const ACME = { partnerId: '100001', company: 'Acme Telecom B.V.', country: 'NL', levelCode: 'gold', suspendedAt: null };
const audits = (action: string) => demo.knex('audit_log').where({ action }).orderBy('id').select('actor', 'subject', 'details');
const roleOf = async (username: string) => (await demo.knex('reseller_users').where({ username }).first('role', 'active')) as { role: string; active: boolean };

async function chat(id: string): Promise<Chat> {
  const c = await consoleSession({ demo, key: { chatId: id, userId: id } });
  chats.push(c);
  return c;
}

async function toTeam(c: Chat = owner) {
  await c.send('/menu');
  return c.press('Team');
}

/** Sets the chat's step as if it were shown; answers the current nonce. */
async function setStep(c: Chat, step: Record<string, unknown>): Promise<number> {
  const saved = await savedState(demo, c.key);
  await demo.knex('conversations').where({ chat_id: c.key.chatId }).update({ state: { ...saved, step } });
  return saved.nonce;
}

/** Sets the chat's step as if it were shown, and presses `action` on it (a forged press with the current nonce). */
async function forge(c: Chat, step: Record<string, unknown>, action: string) {
  const nonce = await setStep(c, step);
  return c.pressId(`${nonce.toString(36)}:${action}`);
}

/** Opens a user's card from the team list shown last. */
async function open(c: Chat, username: string) {
  const line = lastText(c.transcript.filter((m) => m.text.startsWith('Users of'))).split('\n').find((l) => l.includes(`. ${username} — `)) ?? '';
  return c.press(`Open ${line.split('.')[0] ?? ''}`);
}

beforeAll(async () => {
  demo = await demoStore();
  owner = await chat('owner');
  sales = await chat('sales');
  support = await chat('support');
  await owner.login('demo');
  await sales.login('sales1', 'sales-pass-1');
  await support.login('support1', 'support-pass-1');
});

afterAll(async () => {
  for (const c of chats) await c.close();
  await demo?.drop();
});

describe('an owner\'s team', () => {
  it('is in the owner\'s main menu and typed "team" or "users": Acme\'s users with name, login name, role, active or not and their chats', async () => {
    await owner.send('/menu');
    expect(labels(owner.transcript.slice(-1))).toContain('Team');
    const list = await owner.press('Team');
    expect(lastText(list)).toMatch(/^Users of Acme Telecom B\.V\. \(partner 100001\) \(3\):\n1\. demo — .+, owner — private chats: console\n2\. sales1 — .+, sales — private chats: console\n3\. support1 — .+, support — private chats: console$/);
    expect(labels(list)).toEqual(['Open 1', 'Open 2', 'Open 3', 'Invite a user', 'Main menu']);
    for (const typed of ['team', 'users']) expect(lastText(await owner.send(typed))).toBe(lastText(list));
    expect(textOf(await owner.send('/help'))).toContain('• Team: your company\'s users; invite a colleague, give one a new password code, change a role, remove a user');
  });

  it('is refused to sales and support users, saying an owner does this: no menu entry, the word, and forged presses change nothing', async () => {
    const sales1 = { id: await userId(demo, 'sales1'), username: 'sales1', name: 'Sales', role: 'sales', active: true, chats: [] };
    for (const [c, role] of [[sales, 'sales'], [support, 'support']] as const) {
      await c.send('/menu');
      expect(labels(c.transcript.slice(-1))).not.toContain('Team');
      expect(textOf(await c.send('/help'))).toContain('• Team (inviting colleagues, new password codes, roles, removing users): an owner of your company does that.');
      const said = `Your role (${role}) does not manage users: inviting a colleague, giving one a new password code, changing a role or removing a user is done by an owner of your company. Ask an owner.`;
      for (const word of ['team', 'users']) expect(textOf(await c.send(word)), word).toContain(said);
      const steps: Array<[Record<string, unknown>, string]> = [
        [{ name: 'team_users', reseller: ACME, users: [sales1], page: 0 }, 'team.open.0'],
        [{ name: 'team_user', reseller: ACME, user: sales1 }, 'team.remove'],
        [{ name: 'team_confirm', reseller: ACME, user: sales1, action: { kind: 'role', user: sales1, role: 'owner' } }, 'team.yes'],
        [{ name: 'team_confirm', reseller: ACME, user: sales1, action: { kind: 'remove', user: sales1 } }, 'team.yes'],
        [{ name: 'team_user', reseller: ACME, user: sales1 }, 'team.reset'],
        [{ name: 'team_confirm', reseller: ACME, user: sales1, action: { kind: 'reset', user: sales1 } }, 'team.yes'],
      ];
      for (const [step, action] of steps) expect(textOf(await forge(c, step, action)), action).toContain(said);
      await setStep(c, { name: 'team_invite', reseller: ACME, role: 'owner' });
      expect(textOf(await c.send('forged Forged Owner'))).toContain(said);
    }
    expect(await roleOf('sales1')).toEqual({ role: 'sales', active: true });
    expect(await demo.knex('reseller_users').where({ username: 'forged' }).first()).toBeUndefined();
    expect(await demo.knex('audit_log').whereIn('action', ['user.invited', 'user.role_changed', 'user.removed', 'user.password_reset']).count('* as n').first()).toEqual({ n: 0 });
    expect(await demo.knex('invitations').count('* as n').first()).toEqual({ n: 0 });
  });

  it('invites a colleague as the admin flow does: the role, then "login name full name"; the code and t.me link to forward; the colleague redeems it; audited with the owner as actor', async () => {
    await toTeam();
    await owner.press('Invite a user');
    const asked = await owner.press('Purchase');
    expect(lastText(asked)).toBe('A new purchase user of Acme Telecom B.V.: type the login name and the full name, e.g. "jdoe Jane Doe". They get a one-time code, valid for 7 days, to set their password.');
    expect(lastText(await owner.send('sales1 Someone Else'))).toContain('A new purchase user');
    expect(textOf(owner.transcript.slice(-2))).toContain('That login name is taken');
    const invited = await owner.send('pat Pat Purchase');
    const code = /: (INV-[A-Z0-9]{20})$/m.exec(textOf(invited))?.[1] ?? '';
    const pat = await demo.knex('reseller_users').where({ username: 'pat' }).first('id', 'role', 'reseller_id');
    const invitation = await demo.knex('invitations').where({ reseller_user_id: pat.id }).first('expires_at', 'created_by');
    expect(textOf(invited)).toContain([
      `one-time code for pat (Pat Purchase, purchase), valid until ${new Date(invitation.expires_at).toISOString()}: ${code}`,
      `Telegram: https://t.me/demo_license_bot?start=${code}`,
    ].join('\n'));
    expect(lastText(invited)).toContain('2. pat — Pat Purchase, purchase — no chat');
    const ownerId = await userId(demo, 'demo');
    expect(pat.role).toBe('purchase');
    expect(invitation.created_by).toBe(`user:${ownerId}`);
    expect((await audits('user.invited')).map((a) => [a.actor, a.subject])).toEqual([[`user:${ownerId}`, `user:${pat.id}`]]);

    const patChat = await chat('pat');
    await patChat.send(code);
    expect(textOf(await patChat.send('pat-pass-long-1'))).toContain('Your password is set, and this chat is linked to you.');
    // A purchase user orders, but does not manage users: told an owner does this, by menu, word and forged press.
    await patChat.send('/menu');
    expect(labels(patChat.transcript.slice(-1))).not.toContain('Team');
    const refused = await patChat.send('team');
    expect(textOf(refused)).toContain('Your role (purchase) does not manage users: inviting a colleague, giving one a new password code, changing a role or removing a user is done by an owner of your company. Ask an owner.');
  });

  it('in a group, the owner sees the team but is asked to invite privately: no code is made where others read along', async () => {
    // A group of the owner (a Telegram or Slack group, where others read along), as the engine gets its input.
    const key = { channel: 'console' as const, chatId: 'acme-group', userId: 'owner' };
    const inGroup = async (input: { kind: 'text'; text: string } | { kind: 'press'; id: string }) => (await owner.engine.handleInput(key, input, { privateChat: false })).replies;
    const idOf = (replies: Awaited<ReturnType<typeof inGroup>>, label: string) => replyButtonId(replies, label);
    const menu = await inGroup({ kind: 'text', text: '/menu' });
    const team = await inGroup({ kind: 'press', id: idOf(menu, 'Team') });
    expect(textOf(team)).toContain('Users of Acme Telecom B.V.');
    const refused = await inGroup({ kind: 'press', id: idOf(team, 'Invite a user') });
    expect(textOf(refused)).toContain('Invite a colleague in your private chat with me: their one-time code must not be read by others in this group.');
    const saved = await demo.knex('conversations').where({ chat_id: 'acme-group' }).first('state');
    await demo.knex('conversations').where({ chat_id: 'acme-group' }).update({ state: { ...saved.state, step: { name: 'team_invite', reseller: ACME, role: 'sales' } } });
    expect(textOf(await inGroup({ kind: 'text', text: 'grace Grace Group' }))).toContain('Invite a colleague in your private chat with me');
    expect(await demo.knex('reseller_users').where({ username: 'grace' }).first()).toBeUndefined();

    // Nor a new password code: not from a colleague's card, nor from a confirmation forged into the group's state.
    const list = await inGroup({ kind: 'text', text: 'team' });
    const line = lastText(list).split('\n').find((l) => l.includes('. sales1 — ')) ?? '';
    const card = await inGroup({ kind: 'press', id: idOf(list, `Open ${line.split('.')[0] ?? ''}`) });
    const resetPrivately = 'Give a colleague a new password code in your private chat with me: the code must not be read by others in this group.';
    expect(textOf(await inGroup({ kind: 'press', id: idOf(card, 'New password code') }))).toContain(resetPrivately);
    const sales1 = { id: await userId(demo, 'sales1'), username: 'sales1', name: 'Sales', role: 'sales', active: true, chats: [] };
    const inState = await demo.knex('conversations').where({ chat_id: 'acme-group' }).first('state');
    await demo.knex('conversations').where({ chat_id: 'acme-group' }).update({ state: { ...inState.state, step: { name: 'team_confirm', reseller: ACME, user: sales1, action: { kind: 'reset', user: sales1 } } } });
    expect(textOf(await inGroup({ kind: 'press', id: `${(inState.state.nonce as number).toString(36)}:team.yes` }))).toContain(resetPrivately);
    expect(await demo.knex('invitations').where({ purpose: 'reset' }).count('* as n').first()).toEqual({ n: 0 });

    // The team lists the group beside the owner's private chat, saying which is which.
    expect(lastText(await toTeam())).toMatch(/^1\. demo — .+, owner — private chats: console; groups: console$/m);
  });

  it('changes a colleague\'s role after confirming ("No" changes nothing); audited with the owner as actor', async () => {
    await toTeam();
    await open(owner, 'sales1');
    const card = owner.transcript.at(-1);
    expect(card?.text).toMatch(/^sales1 \(.*\), sales, of Acme Telecom B\.V\. \(partner 100001\)\.\nStatus: active\.\nLogged in from private chats: console\.$/);
    expect(labels([card!])).toEqual(['New password code', 'Change role', 'Remove', 'Team', 'Main menu']);
    await owner.press('Change role');
    const confirm = await owner.press('Purchase');
    expect(lastText(confirm)).toMatch(/^Make sales1 \(.*\) of Acme Telecom B\.V\. \(partner 100001\) purchase \(now sales\)\?$/);
    await owner.press('No');
    expect((await roleOf('sales1')).role).toBe('sales');
    await owner.press('Change role');
    await owner.press('Purchase');
    const done = await owner.press('Yes, change the role');
    expect(textOf(done)).toContain('sales1 is purchase now (was sales).');
    expect((await roleOf('sales1')).role).toBe('purchase');
    const [entry] = await audits('user.role_changed');
    expect(entry).toEqual({ actor: `user:${await userId(demo, 'demo')}`, subject: `user:${await userId(demo, 'sales1')}`, details: { before: { role: 'sales' }, after: { role: 'purchase' } } });
    // Back as it was, for the tests after this one.
    await open(owner, 'sales1');
    await owner.press('Change role');
    await owner.press('Sales');
    await owner.press('Yes, change the role');
    expect((await roleOf('sales1')).role).toBe('sales');
  });

  it('removes a colleague after confirming: logged out, kept, shown as removed; audited with the owner as actor', async () => {
    await toTeam();
    await open(owner, 'support1');
    expect(lastText(owner.transcript.slice(-1))).toMatch(/^support1 /);
    await owner.press('Remove');
    await owner.press('No');
    expect((await roleOf('support1')).active).toBe(true);
    await owner.press('Remove');
    const done = await owner.press('Yes, remove');
    expect(textOf(done)).toContain('support1 is removed: logged out of every chat, cannot log in; the history is kept.');
    expect(lastText(done)).toMatch(/support1 — .*, support, removed$/m);
    expect(await roleOf('support1')).toEqual({ role: 'support', active: false });
    expect((await audits('user.removed')).map((a) => a.actor)).toEqual([`user:${await userId(demo, 'demo')}`]);
    expect(textOf(await support.send('/menu'))).toContain('Please log in');
  });

  it('the owner\'s own card offers no Change role or Remove; the only owner forging their own demotion or removal is refused as the last owner', async () => {
    await toTeam();
    const card = await open(owner, 'demo');
    expect(labels(card)).toEqual(['Team', 'Main menu']);
    expect(lastText(card)).toContain('This is you: another owner of your company (or your distributor) can give you a new password code, change your role or remove you.');
    const me = { id: await userId(demo, 'demo'), username: 'demo', name: 'Demo', role: 'owner', active: true, chats: [] };
    for (const action of [{ kind: 'role', user: me, role: 'sales' }, { kind: 'remove', user: me }]) {
      const refused = await forge(owner, { name: 'team_confirm', reseller: ACME, user: me, action }, 'team.yes');
      expect(textOf(refused)).toContain('Nothing was done: demo is the last owner of Acme Telecom B.V. (partner 100001), who manages its users and approves its sales users\' orders.');
    }
    expect(await roleOf('demo')).toEqual({ role: 'owner', active: true });
    expect(await audits('user.role_changed')).toHaveLength(2);
    expect(await audits('user.removed')).toHaveLength(1);
  });

  it('another reseller\'s user, forged into the owner\'s steps, changes nothing and is refused clearly', async () => {
    const bright = { id: await userId(demo, 'bright'), username: 'bright', name: 'Bright Owner', role: 'owner', active: true, chats: [] };
    const role = await forge(owner, { name: 'team_confirm', reseller: ACME, user: bright, action: { kind: 'role', user: bright, role: 'support' } }, 'team.yes');
    expect(textOf(role)).toContain('Nothing was done: bright is not a user of your company.');
    const removed = await forge(owner, { name: 'team_confirm', reseller: ACME, user: bright, action: { kind: 'remove', user: bright } }, 'team.yes');
    expect(textOf(removed)).toContain('Nothing was done: bright is not a user of your company.');
    // An administrator's staff account, too.
    const admin = { id: (await demo.knex('staff_users').where({ username: 'admin1' }).first('id')).id as string, username: 'admin1', name: 'Admin', role: 'sales', active: true, chats: [] };
    const staffRemoved = await forge(owner, { name: 'team_confirm', reseller: ACME, user: admin, action: { kind: 'remove', user: admin } }, 'team.yes');
    expect(textOf(staffRemoved)).toContain('Nothing was done: admin1 is not a user of your company.');
    expect(await roleOf('bright')).toEqual({ role: 'owner', active: true });
    expect((await demo.knex('staff_users').where({ username: 'admin1' }).first('active')).active).toBe(true);
    expect(await audits('user.role_changed')).toHaveLength(2);
    expect(await audits('user.removed')).toHaveLength(1);
  });

  it('gives a colleague a new password code after confirming, as an administrator\'s reset: the colleague stays logged in, the old password works until the code is used; audited with the owner as actor', async () => {
    await toTeam();
    await open(owner, 'sales1');
    const asked = await owner.press('New password code');
    expect(lastText(asked)).toMatch(/^Give sales1 \(.*\) of Acme Telecom B\.V\. \(partner 100001\) a new one-time code to set a password\? It is valid for 7 days; codes given earlier and not used stop working\. They stay logged in where they are, and their password works until they choose a new one with the code\.$/);
    await owner.press('No');
    expect(await demo.knex('invitations').where({ purpose: 'reset' }).count('* as n').first()).toEqual({ n: 0 });

    const codeOf = (messages: Parameters<typeof textOf>[0]) => /: (INV-[A-Z0-9]{20})$/m.exec(textOf(messages))?.[1] ?? '';
    await owner.press('New password code');
    const first = await owner.press('Yes, give a new code');
    const firstCode = codeOf(first);
    const salesId = await userId(demo, 'sales1');
    const ownerId = await userId(demo, 'demo');
    const invitation = await demo.knex('invitations').where({ reseller_user_id: salesId, purpose: 'reset' }).first('expires_at', 'created_by');
    expect(textOf(first)).toContain([
      `one-time code for sales1 (${(await demo.knex('reseller_users').where({ username: 'sales1' }).first('name')).name}, sales), valid until ${new Date(invitation.expires_at).toISOString()}: ${firstCode}`,
      `Telegram: https://t.me/demo_license_bot?start=${firstCode}`,
    ].join('\n'));
    expect(lastText(first)).toMatch(/^Users of Acme Telecom B\.V\./);
    expect(invitation.created_by).toBe(`user:${ownerId}`);
    expect((await audits('user.password_reset')).map((a) => [a.actor, a.subject])).toEqual([[`user:${ownerId}`, `user:${salesId}`]]);

    // Nothing else changes, as after users:reset-password: still logged in, and the old password still works.
    expect(labels(await sales.send('/menu'))).toContain('Cart');
    const elsewhere = await chat('sales1-elsewhere');
    expect(textOf(await elsewhere.login('sales1', 'sales-pass-1'))).toContain('Welcome, ');

    // A second code replaces the first; the colleague sets a new password with it.
    await open(owner, 'sales1');
    await owner.press('New password code');
    const secondCode = codeOf(await owner.press('Yes, give a new code'));
    const redeem = await chat('sales1-new');
    expect(textOf(await redeem.send(firstCode))).toContain('That code is not known, or a newer one replaced it.');
    await redeem.send(secondCode);
    expect(textOf(await redeem.send('sales1-new-password'))).toContain('Your password is set, and this chat is linked to you.');
    expect(labels(await sales.send('/menu'))).toContain('Cart');
    expect(await audits('user.password_reset')).toHaveLength(2);
  });

  it('gives no code to the owner themselves nor to another reseller\'s user, even forged: nothing is made', async () => {
    const me = { id: await userId(demo, 'demo'), username: 'demo', name: 'Demo', role: 'owner', active: true, chats: [] };
    const own = await forge(owner, { name: 'team_confirm', reseller: ACME, user: me, action: { kind: 'reset', user: me } }, 'team.yes');
    expect(textOf(own)).toContain('Nothing was done: you cannot give yourself a new password code (another owner of your company, or your distributor, can).');
    const bright = { id: await userId(demo, 'bright'), username: 'bright', name: 'Bright Owner', role: 'owner', active: true, chats: [] };
    const other = await forge(owner, { name: 'team_confirm', reseller: ACME, user: bright, action: { kind: 'reset', user: bright } }, 'team.yes');
    expect(textOf(other)).toContain('Nothing was done: bright is not a user of your company.');
    const removed = { id: await userId(demo, 'support1'), username: 'support1', name: 'Support', role: 'support', active: true, chats: [] };
    expect(textOf(await forge(owner, { name: 'team_confirm', reseller: ACME, user: removed, action: { kind: 'reset', user: removed } }, 'team.yes'))).toContain('Nothing was done: support1 was removed already.');
    expect(await demo.knex('invitations').whereIn('reseller_user_id', [me.id, bright.id, removed.id]).where({ purpose: 'reset' }).count('* as n').first()).toEqual({ n: 0 });
    expect(await audits('user.password_reset')).toHaveLength(2);
  });

  it('an owner demoted meanwhile by another owner confirms a change in vain: refused as no owner, the other stays owner', async () => {
    await toTeam();
    await open(owner, 'sales1');
    await owner.press('Change role');
    await owner.press('Owner');
    await owner.press('Yes, change the role');
    expect((await roleOf('sales1')).role).toBe('owner');
    // demo is about to demote sales1 while sales1 demotes demo first.
    await toTeam();
    await open(owner, 'sales1');
    await owner.press('Change role');
    await owner.press('Sales');
    await sales.send('/menu');
    await sales.press('Team');
    await open(sales, 'demo');
    await sales.press('Change role');
    await sales.press('Sales');
    await sales.press('Yes, change the role');
    expect((await roleOf('demo')).role).toBe('sales');
    const late = await owner.press('Yes, change the role');
    expect(textOf(late)).toContain('Your role (sales) does not manage users: inviting a colleague, giving one a new password code, changing a role or removing a user is done by an owner of your company. Ask an owner.');
    expect(labels(late)).not.toContain('Team');
    expect(await roleOf('sales1')).toEqual({ role: 'owner', active: true });
  });
});
