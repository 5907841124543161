// An administrator's resellers and people in the JSONL console, against PostgreSQL: admin1
// creates a reseller and edits one from its card (a form of "field: value" lines, a refusal said
// and the form kept to correct it), and from a reseller's card or the Staff entry gives a user a
// new password code, changes a role, removes a user and invites a member of staff, each after
// confirming; every effect is in the database and in the audit log. A reseller's last owner is
// neither demoted nor removed; an administrator's own card offers neither. staff1 and a
// reseller's owner reach none of it, and the interpreter refuses an administrator made staff
// meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../../support/console-driver';
import { labels, lastText, savedState, textOf, type Chat, type Demo } from '../../support/console-flows';
import { demoStore } from '../../support/demo-store';
import { startFakeVatService, type FakeVatService } from '../../support/fake-vat-service';
import { viesChecker } from '../../../src/infra/tax/vies-checker';

let demo: Demo;
let admin: Chat;
let staff: Chat;
let owner: Chat;
let salesChat: Chat;

/** The press of `action` on the chat's latest message, as a forged id with that message's nonce. */
function forged(chat: Chat, action: string): string {
  const id = chat.lastWithButtons().buttons.flat().find((b) => b.id)?.id ?? '';
  return `${id.split(':')[0]}:${action}`;
}

/** What the people flow's use cases write to the audit log. */
const ACTIONS = ['reseller.created', 'reseller.edited', 'user.invited', 'user.password_reset', 'user.role_changed', 'user.removed'];
const audits = (action: string) => demo.knex('audit_log').where({ action }).orderBy('id').select('actor', 'subject', 'details');

async function toResellerCard(partnerId: string) {
  await admin.send('/menu');
  await admin.press('Admin');
  await admin.press('Resellers');
  return admin.send(partnerId);
}

async function toStaffList() {
  await admin.send('/menu');
  await admin.press('Admin');
  return admin.press('Staff');
}

beforeAll(async () => {
  demo = await demoStore();
  admin = await consoleSession({ demo, key: { chatId: 'admin', userId: 'admin' } });
  staff = await consoleSession({ demo, key: { chatId: 'staff', userId: 'staff' } });
  owner = await consoleSession({ demo, key: { chatId: 'owner', userId: 'owner' } });
  salesChat = await consoleSession({ demo, key: { chatId: 'sales', userId: 'sales' } });
  await admin.login('admin1', 'admin-pass-1');
  await owner.login('demo');
  await salesChat.login('sales1', 'sales-pass-1');
  await staff.login('staff1', 'staff-pass-1');
});

afterAll(async () => {
  await admin?.close();
  await staff?.close();
  await owner?.close();
  await salesChat?.close();
  await demo?.drop();
});

describe('who may', () => {
  it('staff1 at the admin steps (as an administrator made staff would be) is refused each button and text, saying so; the owner\'s and a sales user\'s forged presses are not used', async () => {
    const acme = { partnerId: '100001', company: 'Acme Telecom B.V.', country: 'NL', levelCode: 'gold', suspendedAt: null };
    const sales = { id: '2', username: 'sales1', name: 'Sales', role: 'sales', active: true };
    const steps: Array<[Record<string, unknown>, string[]]> = [
      [{ name: 'admin_menu' }, ['admin.people']],
      [{ name: 'admin_reseller_find' }, ['admin.create']],
      [{ name: 'admin_reseller', reseller: acme }, ['admin.edit', 'admin.users']],
      [{ name: 'people_users', scope: { kind: 'staff' }, users: [sales], page: 0 }, ['people.open.0', 'people.invite']],
      [{ name: 'people_confirm', scope: { kind: 'reseller', reseller: acme }, action: { kind: 'remove', user: sales } }, ['people.yes']],
      [{ name: 'people_reseller_form', form: { mode: 'create', levels: ['gold'] }, values: { partnerId: 'X1', company: 'Forged Ltd', country: 'NL', level: 'gold' } }, ['people.save', 'people.level.gold']],
    ];
    await staff.send('/menu');
    for (const [step, actions] of steps) {
      for (const action of actions) {
        const saved = await savedState(demo, staff.key);
        await demo.knex('conversations').where({ chat_id: 'staff' }).update({ state: { ...saved, step } });
        const refused = await staff.pressId(`${saved.nonce.toString(36)}:${action}`);
        expect(textOf(refused), action).toContain('Only an administrator may do that: nothing was done.');
        expect(lastText(refused)).toMatch(/^Staff menu — Sam Staff/);
      }
    }
    const saved = await savedState(demo, staff.key);
    await demo.knex('conversations').where({ chat_id: 'staff' }).update({ state: { ...saved, step: steps[5]?.[0] } });
    expect(textOf(await staff.send('vat id: DE123456789'))).toContain('Only an administrator may do that: nothing was done.');
    for (const reseller of [owner, salesChat]) {
      await reseller.send('/menu');
      for (const action of ['admin.people', 'admin.edit', 'people.yes']) {
        const out = await reseller.pressId(forged(reseller, action));
        expect(textOf(out)).toContain('That button belongs to an older message and was not used.');
      }
    }
    expect(await demo.knex('resellers').where({ partner_id: 'X1' }).first()).toBeUndefined();
    expect(await demo.knex('audit_log').whereIn('action', ACTIONS).count('* as n').first()).toEqual({ n: 0 });
  });

  it('every people command forged into the interpreter is refused to a reseller and to a staff user, and changes nothing', async () => {
    const { interpret } = await import('../../../src/conversation/interpreter');
    const ctx = (chatId: string) => ({
      licenses: demo.provider, hasher: { hash: async () => '', verify: async () => false, dummyHash: '' }, now: new Date(), today: '2026-11-26', timeZone: 'UTC',
      paymentMethods: ['offline' as const], channel: 'console' as const, chatId, externalUserId: chatId, afterCommit: () => undefined,
    });
    const acme = { partnerId: '100001', company: 'Acme', country: 'NL', levelCode: 'gold', suspendedAt: null };
    const sales = { id: '2', username: 'sales1', name: 'Sales', role: 'sales', active: true };
    const commands = [
      { kind: 'people_form' as const, partnerId: '100001' },
      { kind: 'people_save' as const, form: { mode: 'create' as const, levels: [] }, values: { partnerId: 'X1', company: 'Forged Ltd', country: 'NL', level: 'gold' } },
      { kind: 'people_users' as const, scope: { kind: 'staff' as const } },
      { kind: 'people_act' as const, scope: { kind: 'reseller' as const, reseller: acme }, action: { kind: 'remove' as const, user: sales } },
      { kind: 'people_act' as const, scope: { kind: 'staff' as const }, action: { kind: 'invite_staff' as const, username: 'forged', name: 'Forged Admin', role: 'admin' as const } },
    ];
    for (const [chatId, expected] of [['owner', 'not_allowed'], ['sales', 'not_allowed'], ['staff', 'admin_only']] as const) {
      const saved = await demo.knex('conversations').where({ chat_id: chatId }).first('state');
      for (const command of commands) {
        const answer = await demo.store.transaction((repos) => interpret(command, saved.state, repos, ctx(chatId)));
        expect(answer, `${chatId} ${command.kind}`).toEqual({ kind: expected });
      }
    }
    expect(await demo.knex('resellers').where({ partner_id: 'X1' }).first()).toBeUndefined();
    expect(await demo.knex('staff_users').where({ username: 'forged' }).first()).toBeUndefined();
    expect(await demo.knex('reseller_users').where({ username: 'sales1' }).first('active')).toEqual({ active: true });
  });

  it('an administrator made staff meanwhile is refused at the confirmation (the interpreter reads the role again), nothing done', async () => {
    await toResellerCard('100001');
    await admin.press('Users');
    await admin.press(/^Open \d+$/);
    await admin.press('Remove');
    await demo.knex('staff_users').where({ username: 'admin1' }).update({ role: 'staff' });
    try {
      const refused = await admin.press('Yes, remove');
      expect(textOf(refused)).toContain('Only an administrator may do that: nothing was done.');
    } finally {
      await demo.knex('staff_users').where({ username: 'admin1' }).update({ role: 'admin' });
    }
    expect(await demo.knex('reseller_users').where({ active: false }).count('* as n').first()).toEqual({ n: 0 });
    expect(await audits('user.removed')).toEqual([]);
  });
});

describe('resellers: create and edit', () => {
  it('admin1 creates a reseller from a typed form: a refusal is said and the form kept; created after confirming; in the audit log', async () => {
    await admin.send('/menu');
    await admin.press('Admin');
    await admin.press('Resellers');
    const form = await admin.press('New reseller');
    expect(lastText(form)).toMatch(/^A new reseller: type its details/);
    expect(labels(form)).toEqual(expect.arrayContaining(['Level: bronze', 'Level: silver', 'Level: gold', 'Admin menu']));
    const partial = await admin.send('partner id: 100050\ncompany: Nordlicht GmbH\nvat id: DE12345');
    expect(lastText(partial)).toContain('Still needed: country, level.');
    expect(labels(partial)).not.toContain('Create the reseller');
    expect(textOf(await admin.send('colour: blue'))).toContain('"colour: blue" names no field.');
    await admin.send('Country: de');
    const summary = await admin.press('Level: silver');
    expect(lastText(summary).split('\n').slice(0, 6)).toEqual(['The new reseller:', '  partner id: 100050', '  company: Nordlicht GmbH', '  country: de', '  level: silver', '  VAT ID: DE12345']);
    const refused = await admin.press('Create the reseller');
    expect(textOf(refused)).toContain('Nothing was saved: that is not a VAT ID of DE: it should look like DE followed by 9 digits. Type "vat id: …" again.');
    expect(lastText(refused)).toMatch(/^The new reseller:/);
    expect(await demo.knex('resellers').where({ partner_id: '100050' }).first()).toBeUndefined();

    await admin.send('vat id: DE123456789\npartner id: 100001');
    expect(textOf(await admin.press('Create the reseller'))).toContain('Nothing was saved: partner id 100001 is another reseller\'s.');
    await admin.send('partner id: 100050\ntime zone: Europe/Berlin\nlevel: diamond');
    const unknown = await admin.press('Create the reseller');
    expect(textOf(unknown)).toContain('Nothing was saved: the partner level is one of bronze, silver, gold, platinum, titanium. Type "level: …" or press one.');
    await admin.press('Level: silver');
    const created = await admin.press('Create the reseller');
    expect(textOf(created)).toContain('Reseller Nordlicht GmbH (partner 100050) is created at level silver.');
    expect(lastText(created)).toMatch(/^Reseller Nordlicht GmbH \(partner 100050\), DE, level silver\nStatus: active\.$/);
    const row = await demo.knex('resellers').where({ partner_id: '100050' }).first('id', 'company', 'country', 'level_code', 'vat_id', 'timezone');
    expect(row).toMatchObject({ company: 'Nordlicht GmbH', country: 'DE', level_code: 'silver', vat_id: 'DE123456789', timezone: 'Europe/Berlin' });
    expect(await audits('reseller.created')).toEqual([
      { actor: 'staff:admin1', subject: `reseller:${row.id}`, details: expect.objectContaining({ before: null, after: expect.objectContaining({ partnerId: '100050', company: 'Nordlicht GmbH', vatId: 'DE123456789' }) }) },
    ]);
  });

  it('admin1 edits a reseller from its card: the summary shows before → after, a bad time zone is refused and corrected; in the audit log', async () => {
    await toResellerCard('100003');
    const form = await admin.press('Edit details');
    expect(lastText(form)).toMatch(/^Edit Rhein Telefonie GmbH \(partner 100003\)\. Now:\n {2}legal name: /);
    expect(textOf(await admin.send('partner id: 1'))).toContain('The partner id of a reseller is not changed here');
    const summary = await admin.send('time zone: Mars/Olympus\ncity: Köln\nstreet: Domplatz 1\npostcode: 50667');
    expect(lastText(summary)).toContain('Changes to Rhein Telefonie GmbH (partner 100003):');
    expect(lastText(summary)).toMatch(/ {2}time zone: \S+ → Mars\/Olympus/);
    const refused = await admin.press('Save the changes');
    expect(textOf(refused)).toContain('Nothing was saved: a time zone is like Europe/Berlin or UTC. Type "time zone: …" again.');
    expect(lastText(refused)).toMatch(/^Changes to Rhein/);
    await admin.send('time zone: Europe/Berlin');
    const withLevel = await admin.press('Level: platinum');
    expect(lastText(withLevel)).toMatch(/ {2}level: bronze → platinum/);
    const saved = await admin.press('Save the changes');
    expect(textOf(saved)).toContain('The changes to Rhein Telefonie GmbH (partner 100003) are saved.');
    expect(textOf(saved)).toContain('address: Domplatz 1, 50667 Köln, DE');
    expect(lastText(saved)).toMatch(/^Reseller Rhein Telefonie GmbH \(partner 100003\), DE, level platinum/);
    const row = await demo.knex('resellers').where({ partner_id: '100003' }).first('id', 'timezone', 'level_code', 'address_city');
    expect(row).toMatchObject({ timezone: 'Europe/Berlin', level_code: 'platinum', address_city: 'Köln' });
    const [entry] = await audits('reseller.edited');
    expect(entry).toMatchObject({ actor: 'staff:admin1', subject: `reseller:${row.id}`, details: { before: { timezone: expect.any(String), levelCode: 'bronze' }, after: { timezone: 'Europe/Berlin', levelCode: 'platinum' } } });
  });
});

describe('resellers: a new VAT ID checked at the VAT service', () => {
  let vies: FakeVatService;
  let checked: Chat;

  beforeAll(async () => {
    vies = await startFakeVatService();
    checked = await consoleSession({ demo, key: { chatId: 'admin-vat', userId: 'admin-vat' }, vatChecker: viesChecker({ url: vies.url }) });
    await checked.login('admin1', 'admin-pass-1');
  });

  afterAll(async () => {
    await checked?.close();
    await vies?.close();
  });

  it('a VAT ID the service calls invalid is refused and the form kept; a valid one is saved as verified', async () => {
    vies.answer('NL999999999B99', 'invalid');
    await checked.press('Admin');
    await checked.press('Resellers');
    await checked.send('100001');
    await checked.press('Edit details');
    await checked.send('vat id: NL999999999B99');
    const refused = await checked.press('Save the changes');
    expect(textOf(refused)).toContain('Nothing was saved: the VAT service says NL999999999B99 is not a valid VAT number. Type "vat id: …" again.');
    expect(lastText(refused)).toMatch(/^Changes to Acme/);
    await checked.send('vat id: NL123456789B01');
    const saved = await checked.press('Save the changes');
    expect(textOf(saved)).toContain('are saved. The VAT service confirms the VAT ID.');
    expect(await demo.knex('resellers').where({ partner_id: '100001' }).first('vat_id', 'vat_id_verified')).toEqual({ vat_id: 'NL123456789B01', vat_id_verified: true });
    expect(vies.requests.map((r) => `${r.countryCode}${r.vatNumber}`)).toEqual(['NL999999999B99', 'NL123456789B01']);
  });
});

describe('a reseller\'s users', () => {
  const openUser = async (username: string) => {
    await toResellerCard('100001');
    const list = await admin.press('Users');
    const line = lastText(list).split('\n').find((l) => l.includes(`. ${username} — `)) ?? '';
    return admin.press(`Open ${line.split('.')[0]}`);
  };

  it('the card lists its users; a new password code is shown as the CLI prints it; in the audit log', async () => {
    await toResellerCard('100001');
    const list = await admin.press('Users');
    expect(lastText(list).split('\n')[0]).toBe('Users of Acme Telecom B.V. (partner 100001) (3):');
    expect(lastText(list)).toMatch(/\d\. sales1 — .*, sales/);
    const card = await openUser('support1');
    expect(lastText(card)).toMatch(/^support1 \(.*\), support, of Acme Telecom B\.V\. \(partner 100001\)\.\nStatus: active\.$/);
    expect(labels(card)).toEqual(['New password code', 'Change role', 'Remove', 'Users', 'Admin menu']);
    await admin.press('New password code');
    const coded = await admin.press('Yes, give a new code');
    const code = /: (INV-[A-Z0-9]{20})$/m.exec(textOf(coded))?.[1] ?? '';
    const user = await demo.knex('reseller_users').where({ username: 'support1' }).first('id');
    const invitation = await demo.knex('invitations').where({ purpose: 'reset' }).orderBy('created_at', 'desc').first('expires_at');
    expect(textOf(coded)).toContain([
      `one-time code for support1 (${/support1 \((.*?)\)/.exec(lastText(card))?.[1] ?? ''}, support), valid until ${new Date(invitation.expires_at).toISOString()}: ${code}`,
      `Telegram: https://t.me/demo_license_bot?start=${code}`,
    ].join('\n'));
    expect(lastText(coded)).toMatch(/^support1 /);
    expect(await audits('user.password_reset')).toEqual([{ actor: 'staff:admin1', subject: `user:${user.id}`, details: { expiresAt: new Date(invitation.expires_at).toISOString() } }]);
  });

  it('a role is changed after confirming; No changes nothing; in the audit log', async () => {
    await openUser('sales1');
    await admin.press('Change role');
    await admin.press('Purchase');
    const no = await admin.press('No');
    expect(textOf(no)).toContain('Nothing was done.');
    expect(await demo.knex('reseller_users').where({ username: 'sales1' }).first('role')).toEqual({ role: 'sales' });
    const role = await admin.press('Change role');
    expect(labels(role)).toEqual(['Owner', 'Purchase', 'Support', '« Back', 'Admin menu']);
    await admin.press('Purchase');
    const done = await admin.press('Yes, change the role');
    expect(textOf(done)).toContain('sales1 is purchase now (was sales).');
    expect(lastText(done)).toMatch(/^sales1 \(.*\), purchase, of Acme/);
    const user = await demo.knex('reseller_users').where({ username: 'sales1' }).first('id', 'role');
    expect(user.role).toBe('purchase');
    expect(await audits('user.role_changed')).toEqual([{ actor: 'staff:admin1', subject: `user:${user.id}`, details: { before: { role: 'sales' }, after: { role: 'purchase' } } }]);
  });

  it('a user is removed after confirming; the button pressed twice, or a removal confirmed late, does nothing but say so', async () => {
    await openUser('sales1');
    await admin.press('Remove');
    const yes = admin.buttonId('Yes, remove');
    const removed = await admin.pressId(yes);
    expect(textOf(removed)).toContain('sales1 is removed: logged out of every chat, cannot log in; the history is kept.');
    expect(lastText(removed)).toMatch(/^Users of Acme .*\n(.*\n)*\d\. sales1 — .*, purchase, removed$/m);
    const user = await demo.knex('reseller_users').where({ username: 'sales1' }).first('id', 'active');
    expect(user.active).toBe(false);
    expect(await audits('user.removed')).toEqual([{ actor: 'staff:admin1', subject: `user:${user.id}`, details: { before: { active: true }, after: { active: false } } }]);
    expect(textOf(await admin.pressId(yes))).toContain('That button belongs to an older message and was not used.');

    // support1 removed by someone else (the CLI) between the question and the answer.
    await openUser('support1');
    await admin.press('Remove');
    const { removeUser } = await import('../../../src/domain/use-cases/admin/users');
    const { knexAdminStore } = await import('../../../src/infra/store/admin/admin-store');
    expect((await removeUser(knexAdminStore(demo.knex), { actor: { kind: 'staff', id: null, name: 'ops', role: 'admin' }, username: 'support1', now: new Date() })).kind).toBe('removed');
    const late = await admin.press('Yes, remove');
    expect(textOf(late)).toContain('Nothing was done: support1 was removed already.');
    expect(await audits('user.removed')).toHaveLength(2);
  });
});

describe('staff', () => {
  it('the Staff entry lists the staff; admin1 invites an administrator: the code and t.me link as the CLI prints them; in the audit log', async () => {
    const list = await toStaffList();
    expect(lastText(list)).toMatch(/^The distributor's staff \(2\):\n1\. admin1 — Ada Admin, admin\n2\. staff1 — Sam Staff, staff$/);
    await admin.press('Invite a staff member');
    await admin.press('Admin');
    const confirm = await admin.send('admin2 Ada Second');
    expect(lastText(confirm)).toBe('Invite Ada Second as admin, with the login name admin2? They get a one-time code, valid for 7 days, to set their password.');
    const invited = await admin.press('Yes, invite');
    const code = /: (INV-[A-Z0-9]{20})$/m.exec(textOf(invited))?.[1] ?? '';
    const invitation = await demo.knex('invitations').where({ purpose: 'invite' }).orderBy('created_at', 'desc').first('expires_at');
    expect(textOf(invited)).toContain([
      `one-time code for admin2 (Ada Second, admin), valid until ${new Date(invitation.expires_at).toISOString()}: ${code}`,
      `Telegram: https://t.me/demo_license_bot?start=${code}`,
      'sent to the bot (Telegram, Slack or the console) at the username prompt, it links that chat account and asks for a password',
    ].join('\n'));
    expect(lastText(invited)).toMatch(/^The distributor's staff \(3\):/);
    const row = await demo.knex('staff_users').where({ username: 'admin2' }).first('id', 'role');
    expect(row.role).toBe('admin');
    expect(await audits('user.invited')).toEqual([{ actor: 'staff:admin1', subject: `staff:${row.id}`, details: expect.objectContaining({ before: null, after: expect.objectContaining({ username: 'admin2', role: 'admin' }) }) }]);
    // A login name taken is said, and asked again.
    await admin.press('Invite a staff member');
    await admin.press('Staff');
    await admin.send('demo Someone');
    expect(textOf(await admin.press('Yes, invite'))).toContain('That login name is taken');
    expect(lastText(await admin.send('/back'))).toMatch(/^Invite a member of staff: which role\?/);
  });

  it('admin1\'s own card offers no Change role or Remove; forged, each is refused by the use case: said, nothing done', async () => {
    await toStaffList();
    const own = await admin.press('Open 1');
    expect(lastText(own)).toBe('admin1 (Ada Admin), admin, of the distributor\'s staff.\nStatus: active.\nThis is you: another administrator can change your role or remove you.');
    expect(labels(own)).toEqual(['New password code', 'Staff', 'Admin menu']);
    for (const action of ['people.role', 'people.remove']) expect(textOf(await admin.pressId(forged(admin, action)))).toContain('That button belongs to an older message and was not used.');
    // A confirmation forged into the conversation's state still reaches the use case, which refuses.
    const { id } = await demo.knex('staff_users').where({ username: 'admin1' }).first('id');
    const me = { id: String(id), username: 'admin1', name: 'Ada Admin', role: 'admin', active: true };
    const forge = async (action: Record<string, unknown>) => {
      const saved = await savedState(demo, admin.key);
      await demo.knex('conversations').where({ chat_id: 'admin' }).update({ state: { ...saved, step: { name: 'people_confirm', scope: { kind: 'staff' }, action } } });
      return admin.pressId(`${saved.nonce.toString(36)}:people.yes`);
    };
    const removed = await forge({ kind: 'remove', user: me });
    expect(textOf(removed)).toContain('Nothing was done: you cannot remove yourself (another administrator can).');
    expect(labels(removed)).toEqual(['New password code', 'Staff', 'Admin menu']);
    expect(textOf(await forge({ kind: 'role', user: me, role: 'staff' }))).toContain('Nothing was done: you cannot change your own role (another administrator can).');
    expect(await demo.knex('staff_users').where({ username: 'admin1' }).first('role', 'active')).toEqual({ role: 'admin', active: true });
  });

  it('staff1 is given a new code, made an admin and removed; each in the audit log', async () => {
    const list = await toStaffList();
    const line = lastText(list).split('\n').find((l) => l.includes('. staff1 — ')) ?? '';
    await admin.press(`Open ${line.split('.')[0]}`);
    await admin.press('New password code');
    expect(textOf(await admin.press('Yes, give a new code'))).toMatch(/one-time code for staff1 \(Sam Staff, staff\), valid until .*: INV-/);
    await admin.press('Change role');
    await admin.press('Admin');
    expect(textOf(await admin.press('Yes, change the role'))).toContain('staff1 is admin now (was staff).');
    await admin.press('Remove');
    expect(textOf(await admin.press('Yes, remove'))).toContain('staff1 is removed');
    const row = await demo.knex('staff_users').where({ username: 'staff1' }).first('id', 'role', 'active');
    expect(row).toMatchObject({ role: 'admin', active: false });
    const subject = `staff:${row.id}`;
    const entries = await demo.knex('audit_log').where({ subject, actor: 'staff:admin1' }).orderBy('id').pluck('action');
    expect(entries).toEqual(['user.password_reset', 'user.role_changed', 'user.removed']);
  });
});

describe('a reseller\'s last owner', () => {
  const openBright = async () => {
    await toResellerCard('100002');
    const list = await admin.press('Users');
    const line = lastText(list).split('\n').find((l) => l.includes('. bright — ')) ?? '';
    return admin.press(`Open ${line.split('.')[0]}`);
  };
  const lastOwner = 'Nothing was done: bright is the last owner of Bright Voice Ltd (partner 100002), who manages its users and approves its sales users\' orders. Make another of its users owner first (Change role on their card), or invite a new owner.';
  const aboutBright = async () => {
    const { id } = await demo.knex('reseller_users').where({ username: 'bright' }).first('id');
    return demo.knex('audit_log').where({ subject: `user:${id}` }).whereIn('action', ['user.role_changed', 'user.removed']).pluck('action');
  };

  it('is neither demoted nor removed: said with what to do instead, the card shown as it is, nothing in the audit log', async () => {
    await openBright();
    await admin.press('Change role');
    await admin.press('Purchase');
    const demoted = await admin.press('Yes, change the role');
    expect(textOf(demoted)).toContain(lastOwner);
    expect(lastText(demoted)).toMatch(/^bright \(.*\), owner, of Bright Voice Ltd \(partner 100002\)\.\nStatus: active\.$/);
    await admin.press('Remove');
    const removed = await admin.press('Yes, remove');
    expect(textOf(removed)).toContain(lastOwner);
    expect(lastText(removed)).toMatch(/^bright \(.*\), owner, of Bright Voice Ltd/);
    expect(await demo.knex('reseller_users').where({ username: 'bright' }).first('role', 'active')).toEqual({ role: 'owner', active: true });
    expect(await aboutBright()).toEqual([]);
  });

  it('once another user is owner, the first owner may be made purchase', async () => {
    await toResellerCard('100002');
    await admin.press('Invite a user');
    await admin.press('Owner');
    expect(textOf(await admin.send('bright2 Bo Bright'))).toMatch(/one-time code for bright2 \(Bo Bright, owner\)/);
    await openBright();
    await admin.press('Change role');
    await admin.press('Purchase');
    expect(textOf(await admin.press('Yes, change the role'))).toContain('bright is purchase now (was owner).');
    expect(await aboutBright()).toEqual(['user.role_changed']);
    // bright2 is now the last owner: refused in turn.
    await toResellerCard('100002');
    const list = await admin.press('Users');
    const line = lastText(list).split('\n').find((l) => l.includes('. bright2 — ')) ?? '';
    await admin.press(`Open ${line.split('.')[0]}`);
    await admin.press('Remove');
    expect(textOf(await admin.press('Yes, remove'))).toContain('Nothing was done: bright2 is the last owner of Bright Voice Ltd (partner 100002)');
    expect(await demo.knex('reseller_users').where({ username: 'bright2' }).first('role', 'active')).toEqual({ role: 'owner', active: true });
  });
});
