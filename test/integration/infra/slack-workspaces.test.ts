// The Slack workspaces' store in PostgreSQL: installations with their tokens sealed, the
// install states used once, the chats' workspaces, and an uninstall that unlinks exactly that
// workspace's Slack identities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackInstallation } from '../../../src/bots/slack/workspace-store';
import { tokenCipher } from '../../../src/infra/crypto/token-cipher';
import { knexSlackWorkspaces } from '../../../src/infra/store/slack-workspaces';
import { demoStore } from '../../support/demo-store';

const key = Buffer.alloc(32, 9);
const blue = (token: string): SlackInstallation => ({
  teamId: 'TBLUE', teamName: 'Blue', appId: 'A1', botUserId: 'UB1', botId: 'BB1', botToken: token, scopes: 'chat:write', installedBy: 'UCAROL',
});

describe('knexSlackWorkspaces', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => {
    await demo?.drop();
  });

  it('keeps an installation with its token sealed; installed again, the new token replaces the old', async () => {
    const store = knexSlackWorkspaces(demo.knex, tokenCipher(key));
    await store.install(blue('xoxb-blue-first-0001'));
    await store.install(blue('xoxb-blue-second-0002'));
    expect(await store.installation('TBLUE')).toEqual(blue('xoxb-blue-second-0002'));
    expect(await store.installation('TNONE')).toBeUndefined();
    const rows = await demo.knex.raw(`select row_to_json(i)::text as row from slack_installations i`);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].row).not.toMatch(/xoxb|second-0002/);
  });

  it('says which key a token was sealed with when SLACK_TOKEN_KEY is another, and refuses a token moved to another row', async () => {
    const other = knexSlackWorkspaces(demo.knex, tokenCipher(Buffer.alloc(32, 8)));
    await expect(other.installation('TBLUE')).rejects.toThrow(/sealed with key [0-9a-f]{16}, but SLACK_TOKEN_KEY is key [0-9a-f]{16}/);
    const store = knexSlackWorkspaces(demo.knex, tokenCipher(key));
    await store.install({ ...blue('xoxb-green-0003'), teamId: 'TGREEN' });
    const green = await demo.knex('slack_installations').where({ team_id: 'TGREEN' }).first('bot_token_sealed');
    await demo.knex('slack_installations').where({ team_id: 'TBLUE' }).update({ bot_token_sealed: green.bot_token_sealed });
    await expect(store.installation('TBLUE')).rejects.toThrow(/does not open with SLACK_TOKEN_KEY/);
    await store.install(blue('xoxb-blue-again-0004'));
  });

  it('takes a state back once, and not after it lapsed', async () => {
    const store = knexSlackWorkspaces(demo.knex, tokenCipher(key));
    const now = new Date('2026-12-06T10:00:00Z');
    await store.issueState('hash-1', new Date(now.getTime() + 600_000), now);
    await store.issueState('hash-2', new Date(now.getTime() + 600_000), now);
    expect(await store.takeState('hash-1', now)).toBe('valid');
    expect(await store.takeState('hash-1', now)).toBe('unknown');
    expect(await store.takeState('hash-2', new Date(now.getTime() + 600_001))).toBe('expired');
    expect(await store.takeState('hash-2', now)).toBe('unknown');
    expect(await store.takeState('never-issued', now)).toBe('unknown');
  });

  it('uninstalls one workspace: its Slack identities unlinked, the other workspace\'s and Telegram\'s kept, its approval channel dropped', async () => {
    const store = knexSlackWorkspaces(demo.knex, tokenCipher(key));
    const { user } = await demo.userNamed('demo');
    const identities = [
      { channel: 'slack', external_user_id: 'UCAROL', chat_id: 'DUCAROL' },
      { channel: 'slack', external_user_id: 'UCAROL', chat_id: 'CBLUEDESK' },
      { channel: 'slack', external_user_id: 'UDAVE', chat_id: 'DUDAVE' },
      { channel: 'telegram', external_user_id: '42', chat_id: '42' },
    ];
    await demo.knex('channel_identities').insert(identities.map((i) => ({ ...i, reseller_user_id: user.id })));
    await store.rememberChat('DUCAROL', 'TBLUE');
    await store.rememberChat('CBLUEDESK', 'TBLUE');
    await store.rememberChat('DUDAVE', 'TGREEN');
    expect(await store.teamOf('DUDAVE')).toBe('TGREEN');
    expect(await store.teamOf('DNOBODY')).toBeUndefined();
    await demo.knex('approval_team_chats').insert({ reseller_id: user.resellerId, channel: 'slack', chat_id: 'CBLUEDESK', chosen_by: user.id });

    expect(await store.uninstall('TBLUE')).toEqual({ kind: 'forgotten', unlinked: 2 });
    expect(await store.installation('TBLUE')).toBeUndefined();
    expect(await store.installation('TGREEN')).toMatchObject({ botToken: 'xoxb-green-0003' });
    const linked = await demo.knex('channel_identities').whereNotNull('reseller_user_id').orderBy('chat_id').pluck('chat_id');
    expect(linked).toEqual(['42', 'DUDAVE']);
    expect(await demo.knex('approval_team_chats')).toEqual([]);
    // Again: nothing more to do.
    expect(await store.uninstall('TBLUE')).toEqual({ kind: 'forgotten', unlinked: 0 });
  });

  it('sweeps lapsed install states as new ones are issued, and turns installs away past the bound', async () => {
    const store = knexSlackWorkspaces(demo.knex, tokenCipher(key), { maxPendingStates: 3 });
    await demo.knex('slack_install_states').delete();
    const start = new Date('2026-12-06T10:00:00Z');
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    expect(await store.issueState('old-1', at(10), at(0))).toBe('issued');
    expect(await store.issueState('old-2', at(10), at(0))).toBe('issued');
    // Lapsed a moment ago: kept, so that its installer hears it expired.
    expect(await store.issueState('new-1', at(25), at(15))).toBe('issued');
    expect(await store.takeState('old-1', at(15))).toBe('expired');
    // Lapsed long ago: swept.
    expect(await store.issueState('new-2', at(31), at(21))).toBe('issued');
    expect((await demo.knex('slack_install_states').pluck('state_hash')).sort()).toEqual(['new-1', 'new-2']);
    expect(await store.issueState('new-3', at(31), at(21))).toBe('issued');
    // Three under way: the next waits until one is used or lapses.
    expect(await store.issueState('new-4', at(31), at(21))).toBe('too_many');
    expect(await store.takeState('new-1', at(21))).toBe('valid');
    expect(await store.issueState('new-4', at(31), at(21))).toBe('issued');
  });

  it('keeps an installation newer than the uninstall event, or of another bot than the one revoked', async () => {
    const store = knexSlackWorkspaces(demo.knex, tokenCipher(key));
    await store.install({ ...blue('xoxb-purple-0005'), teamId: 'TPURPLE', botUserId: 'UBOTP' });
    const installedAt = (await demo.knex('slack_installations').where({ team_id: 'TPURPLE' }).first('installed_at')).installed_at as Date;
    const before = new Date(installedAt.getTime() - 5_000);
    expect(await store.uninstall('TPURPLE', { at: before })).toEqual({ kind: 'kept', why: 'installed_since' });
    expect(await store.uninstall('TPURPLE', { at: new Date(installedAt.getTime() + 5_000), botUserIds: ['UOTHER'] })).toEqual({ kind: 'kept', why: 'another_bot' });
    expect(await store.installation('TPURPLE')).toMatchObject({ botToken: 'xoxb-purple-0005' });
    expect(await store.uninstall('TPURPLE', { at: new Date(installedAt.getTime() + 5_000), botUserIds: ['UBOTP'] })).toEqual({ kind: 'forgotten', unlinked: 0 });
    expect(await store.installation('TPURPLE')).toBeUndefined();
  });

  it('records a workspace for the known Slack chats that have none, and counts tokens sealed with another key', async () => {
    const store = knexSlackWorkspaces(demo.knex, tokenCipher(key));
    const { user } = await demo.userNamed('demo');
    await demo.knex('channel_identities').insert([
      { channel: 'slack', external_user_id: 'UOLD', chat_id: 'DUOLD', reseller_user_id: user.id },
      { channel: 'slack', external_user_id: 'UOLD', chat_id: 'COLDDESK', reseller_user_id: user.id },
      { channel: 'telegram', external_user_id: '43', chat_id: '43', reseller_user_id: user.id },
    ]);
    await demo.knex('approval_team_chats').insert({ reseller_id: user.resellerId, channel: 'slack', chat_id: 'COLDAPPROVALS', chosen_by: user.id });
    const recorded = async () => Object.fromEntries((await demo.knex('slack_chats').select('chat_id', 'team_id')).map((r) => [r.chat_id, r.team_id]));
    const known = await recorded();
    expect(await store.adoptChats('TOWN')).toBe(3);
    expect(await recorded()).toEqual({ ...known, DUOLD: 'TOWN', COLDDESK: 'TOWN', COLDAPPROVALS: 'TOWN' });
    // Chats already recorded (of other workspaces) stay theirs.
    expect(known.DUDAVE).toBe('TGREEN');
    expect(await store.adoptChats('TOWN')).toBe(0);

    expect(await store.sealedWithOtherKeys()).toBe(0);
    const other = knexSlackWorkspaces(demo.knex, tokenCipher(Buffer.alloc(32, 8)));
    expect(await other.sealedWithOtherKeys()).toBe(await demo.knex('slack_installations').count({ n: '*' }).then(([r]) => Number(r?.n)));
  });
});
