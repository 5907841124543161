// The Admin portal's users through `npm run ops`: an invitation's one-time code redeemed in the
// chat (typed, or as Telegram's `/start <code>`) links that chat account and sets a password; a
// code works once and for 7 days; reset, role, remove and list; a staff role refused; a
// reseller's last owner and the last administrator keep their role, two changes at once too.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminStore } from '../../../src/domain/admin/ports';
import { changeRole, removeUser } from '../../../src/domain/use-cases/admin/users';
import { fixedClock } from '../../../src/infra/clock';
import { adminCli } from '../../support/admin-cli';
import { consoleSession } from '../../support/console-driver';
import { demoStore, testHasher } from '../../support/demo-store';

type Demo = Awaited<ReturnType<typeof demoStore>>;
type Chat = Awaited<ReturnType<typeof consoleSession>>;

/**
 * The store, each of whose transactions waits before it changes a role or removes a user until
 * `parties` of them got there (or 1 s passed): changes that were all let through their checks
 * at once would all be made. A change that waits for another's lock meanwhile is not held up.
 */
function meetingStore(store: AdminStore, parties: number): AdminStore {
  let arrived = 0;
  let release = () => undefined as void;
  const met = new Promise<void>((resolve) => { release = resolve; });
  const meet = async () => {
    arrived += 1;
    if (arrived >= parties) release();
    await Promise.race([met, sleep(1000)]);
  };
  return {
    transaction: (work) => store.transaction((repos) => {
      const users = repos.admin.users;
      return work({
        ...repos,
        admin: {
          ...repos.admin,
          users: { ...users, setRole: async (ref, role) => { await meet(); return users.setRole(ref, role); }, deactivate: async (ref) => { await meet(); return users.deactivate(ref); } },
        },
      });
    }),
  };
}

describe('npm run ops -- users:…', () => {
  let demo: Demo;
  let cli: ReturnType<typeof adminCli>;
  const chatClock = fixedClock('2026-11-26T10:05:00Z');
  beforeAll(async () => {
    demo = await demoStore();
    cli = adminCli(demo, { telegramBot: 'DemoOrderBot' });
  });
  afterAll(async () => demo?.drop());

  const texts = async (chat: Chat, text: string) => (await chat.send(text)).map((m) => m.text);
  async function chatAs(externalUserId: string, work: (chat: Chat) => Promise<void>): Promise<void> {
    const chat = await consoleSession({ demo, clock: chatClock, key: { chatId: externalUserId, userId: externalUserId } });
    try {
      await work(chat);
    } finally {
      await chat.close();
    }
  }
  const invite = async (args: string[]) => {
    const out = await cli.json('users:invite', args);
    expect(out).toMatchObject({ kind: 'invited' });
    return out as { code: string; link: string | null; user: { id: string } };
  };

  it('invites a reseller user: the code (kept only as a hash) and its t.me link, audited', async () => {
    const result = await cli.run('users:invite', ['--username', 'nina', '--name', 'Nina New', '--role', 'purchase', '--reseller', '100001']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const code = /: (INV-[A-Z2-9]{20})\n/.exec(result.stdout)?.[1] as string;
    expect(result.stdout).toContain('one-time code for nina (Nina New, purchase), valid until 2026-12-03T10:00:00.000Z: ');
    expect(result.stdout).toContain(`Telegram: https://t.me/DemoOrderBot?start=${code}`);
    const [row] = await demo.knex('invitations');
    expect(row.code_hash).toBe(createHash('sha256').update(code).digest('hex'));
    expect(JSON.stringify(await demo.knex('invitations'))).not.toContain(code);
    const [entry] = await demo.knex('audit_log').where({ action: 'user.invited' });
    expect(entry).toMatchObject({ actor: 'staff:admin1', details: { before: null, after: { username: 'nina', role: 'purchase', active: true } } });

    await chatAs('nina-chat', async (chat) => {
      expect(await texts(chat, `/start ${code}`)).toEqual(['Welcome, Nina New. Your username is nina. Choose a password of at least 10 characters.', 'Your new password? (It is not shown or stored.)']);
      expect(await texts(chat, 'short')).toEqual(['That password is too short: the code still works, send it again and choose a password of at least 10 characters.', 'What is your username?']);
      await chat.send(code.toLowerCase());
      const welcome = await texts(chat, 'nina-secret-pass');
      expect(welcome.slice(0, 2)).toEqual(['Your password is set, and this chat is linked to you.', 'Welcome, Nina New (Acme Telecom B.V.).']);
    });
    const nina = await demo.knex('reseller_users').where({ username: 'nina' }).first();
    expect(await testHasher.verify('nina-secret-pass', nina.password_hash)).toBe(true);
    expect(await demo.knex('channel_identities').where({ chat_id: 'nina-chat' }).first()).toMatchObject({ reseller_user_id: nina.id });
    expect(await demo.knex('audit_log').where({ action: 'user.invitation_used' }).first()).toMatchObject({ actor: `user:${nina.id}` });

    // Used once: refused the second time, in another chat too.
    await chatAs('someone-else', async (chat) => {
      expect(await texts(chat, code)).toEqual(['That code was used already: each code works once. Log in with your username and password, or ask your administrator for a new code.', 'What is your username?']);
    });
  });

  it('refuses a code after its 7 days, and one a newer code replaced', async () => {
    const first = await invite(['--username', 'olaf', '--name', 'Olaf Old', '--role', 'sales', '--reseller', '100003']);
    const reset = await cli.json('users:reset-password', ['olaf']);
    expect(reset).toMatchObject({ kind: 'reset', link: expect.stringMatching(/^https:\/\/t\.me\/DemoOrderBot\?start=INV-/) });
    await chatAs('olaf-chat', async (chat) => {
      expect((await texts(chat, first.code))[0]).toBe('That code is not known, or a newer one replaced it. Ask your administrator for a new one.');
      chatClock.set('2026-12-03T10:00:01Z');
      expect((await texts(chat, reset.code as string))[0]).toBe('That code has expired (codes work for 7 days). Ask your administrator for a new one.');
      chatClock.set('2026-12-03T09:59:59Z');
      expect((await texts(chat, reset.code as string))[0]).toMatch(/^Welcome, Olaf Old\./);
    });
    chatClock.set('2026-11-26T10:05:00Z');
  });

  it('invites a staff member, who chooses a password and logs in as staff', async () => {
    const out = await invite(['--username', 'sven', '--name', 'Sven Staff', '--role', 'staff']);
    await chatAs('sven-chat', async (chat) => {
      await chat.send(out.code);
      expect((await texts(chat, 'sven-secret-pass'))[0]).toBe('Your password is set. Log in with your username sven and it.');
    });
    const sven = await demo.knex('staff_users').where({ username: 'sven' }).first();
    expect(sven).toMatchObject({ role: 'staff', active: true });
    expect(await testHasher.verify('sven-secret-pass', sven.password_hash)).toBe(true);
  });

  it('changes a role, removes a user (logged out, kept) and lists users; each audited', async () => {
    expect(await cli.run('users:role', ['sales1', '--role', 'purchase'])).toEqual({ code: 0, stdout: 'sales1 is purchase now (was sales)\n', stderr: '' });
    expect(await demo.knex('audit_log').where({ action: 'user.role_changed' }).first()).toMatchObject({ details: { before: { role: 'sales' }, after: { role: 'purchase' } } });
    expect((await cli.run('users:role', ['sven', '--role', 'owner'])).stderr).toBe('--role must be one of staff, admin for sven: nothing changed\n');

    const nina = await demo.knex('reseller_users').where({ username: 'nina' }).first();
    expect((await cli.run('users:remove', ['nina'])).code).toBe(0);
    expect(await demo.knex('reseller_users').where({ id: nina.id }).first()).toMatchObject({ active: false });
    expect(await demo.knex('channel_identities').where({ reseller_user_id: nina.id })).toEqual([]);
    expect(await demo.knex('audit_log').where({ action: 'user.removed' }).first()).toMatchObject({ details: { before: { active: true }, after: { active: false } } });
    expect((await cli.run('users:remove', ['nina'])).stderr).toBe('user nina was removed already: nothing changed\n');

    const listed = await cli.run('users:list', ['--reseller', '100001']);
    expect(listed.stdout).toContain('nina\tNina New\tpurchase\tremoved\n');
    expect((await cli.json('users:list', ['--staff'])).users).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'admin1', role: 'admin' })]));
    expect((await cli.run('users:remove', ['admin1'])).stderr).toBe('you cannot remove yourself: nothing changed\n');
  });

  it('keeps a reseller\'s last owner: demoting or removing it is refused, saying what to do instead; with two owners, two demoted at once leave one', async () => {
    const line = 'demo is the last owner of Acme Telecom B.V. (partner 100001), who manages its users and approves its sales users\' orders: make another of its users owner first (users:role <username> --role owner, or users:invite … --role owner --reseller 100001): nothing changed\n';
    expect(await cli.run('users:role', ['demo', '--role', 'purchase'])).toEqual({ code: 1, stdout: '', stderr: line });
    expect(await cli.run('users:remove', ['demo'])).toEqual({ code: 1, stdout: '', stderr: line });
    expect((await cli.json('users:remove', ['demo']))).toEqual({ kind: 'last_owner', reseller: { partnerId: '100001', company: 'Acme Telecom B.V.' } });
    const owners = () => demo.knex('reseller_users').join('resellers', 'resellers.id', 'reseller_users.reseller_id').where({ partner_id: '100001', role: 'owner', active: true }).orderBy('username').pluck('username');
    expect(await owners()).toEqual(['demo']);

    // Another owner first; then two administrators demote (or remove) one each at the same moment.
    expect((await cli.run('users:role', ['sales1', '--role', 'owner'])).code).toBe(0);
    const ops = { kind: 'staff' as const, id: null, name: 'ops', role: 'admin' as const };
    const racing = meetingStore(cli.store, 2);
    const results = await Promise.all([
      changeRole(racing, { actor: ops, username: 'demo', role: 'purchase' }),
      removeUser(racing, { actor: ops, username: 'sales1', now: new Date() }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['last_owner', expect.stringMatching(/^(role_changed|removed)$/)]);
    // The one refused is the one left owner.
    expect(await owners()).toEqual([results[0]?.kind === 'last_owner' ? 'demo' : 'sales1']);
  });

  it('keeps the last administrator, two removals at once too', async () => {
    expect((await cli.run('users:role', ['sven', '--role', 'admin'])).code).toBe(0);
    const actor = async (username: string) => ({ kind: 'staff' as const, id: String((await demo.knex('staff_users').where({ username }).first('id')).id), name: username, role: 'admin' as const });
    const racing = meetingStore(cli.store, 2);
    try {
      const results = await Promise.all([
        removeUser(racing, { actor: await actor('admin1'), username: 'sven', now: new Date() }),
        removeUser(racing, { actor: await actor('sven'), username: 'admin1', now: new Date() }),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(['last_admin', 'removed']);
      const left = await demo.knex('staff_users').where({ role: 'admin', active: true }).pluck('username');
      expect(left).toEqual([results[0]?.kind === 'removed' ? 'admin1' : 'sven']);
      expect((await cli.run('users:role', [left[0], '--role', 'staff', '--by', 'ops'])).stderr).toBe(`${left[0]} is the last administrator: nothing changed\n`);
    } finally {
      // The next tests act as admin1.
      await demo.knex('staff_users').where({ username: 'admin1' }).update({ active: true });
    }
  });

  it('refuses bad input and a staff role, changing nothing', async () => {
    const count = async () => [(await demo.knex('reseller_users')).length, (await demo.knex('staff_users')).length, (await demo.knex('invitations')).length, (await demo.knex('audit_log')).length];
    const before = await count();
    const cases: Array<[string, string[], number, string]> = [
      ['users:invite', ['--username', 'demo', '--name', 'Dup', '--role', 'sales', '--reseller', '100001'], 1, 'the username demo is taken (by a reseller user or a staff member): nothing changed\n'],
      ['users:invite', ['--username', 'Hello', '--name', 'Greeting', '--role', 'sales', '--reseller', '100001'], 1, '--username must be 3 to 60 letters, digits or . _ @ -, and not a greeting (hello, hey …): nothing changed\n'],
      ['users:invite', ['--username', 'new user', '--name', 'Spaced', '--role', 'sales', '--reseller', '100001'], 1, '--username must be 3 to 60 letters, digits or . _ @ -, and not a greeting (hello, hey …): nothing changed\n'],
      ['users:invite', ['--username', 'newbie', '--name', 'New', '--role', 'sales'], 1, 'a reseller user needs --reseller <partner id> (or --role staff|admin for the distributor\'s staff): nothing changed\n'],
      ['users:invite', ['--username', 'newbie', '--name', 'New', '--role', 'boss', '--reseller', '100001'], 1, '--role must be one of owner, purchase, sales, support, staff, admin: nothing changed\n'],
      ['users:invite', ['--username', 'newbie', '--name', 'New'], 2, '--role: Invalid input: expected string, received undefined: nothing changed\n'],
      ['users:reset-password', ['nobody'], 1, 'no user nobody: nothing changed\n'],
      ['users:list', [], 2, 'give --reseller <partner id> or --staff: nothing changed\n'],
      ['users:invite', ['--username', 'newbie', '--name', 'New', '--role', 'sales', '--reseller', '100001', '--by', 'staff1'], 1, 'staff1 is staff, not an administrator: only an administrator may do this: nothing changed\n'],
      ['users:role', ['demo', '--role', 'sales', '--by', 'staff1'], 1, 'staff1 is staff, not an administrator: only an administrator may do this: nothing changed\n'],
      ['users:remove', ['demo', '--by', 'staff1'], 1, 'staff1 is staff, not an administrator: only an administrator may do this: nothing changed\n'],
    ];
    for (const [name, args, code, line] of cases) expect({ name, ...(await cli.run(name, args)) }).toEqual({ name, code, stdout: '', stderr: line });
    expect(await count()).toEqual(before);
  });

  it('sets the password of a suspended reseller\'s user, then says the account is suspended', async () => {
    await cli.run('resellers:suspend', ['100002']);
    const out = await invite(['--username', 'pia', '--name', 'Pia Paused', '--role', 'owner', '--reseller', '100002']);
    await chatAs('pia-chat', async (chat) => {
      await chat.send(out.code);
      expect((await texts(chat, 'pia-secret-pass')).slice(0, 2)).toEqual([
        'Your password is set, and this chat is linked to you.',
        "Your company's account with Demo Distribution B.V. is suspended: you cannot log in or order for now. Please contact them.",
      ]);
    });
    await cli.run('resellers:reactivate', ['100002']);
  });
});
