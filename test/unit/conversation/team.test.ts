// The team flow's steps (an owner's company users): a colleague's card offers New password code,
// asked to confirm and made in a private chat only, the code shown once with the team; the
// owner's own card offers none of the actions; the chats a colleague is logged in from, private
// and groups apart.
import { describe, expect, it } from 'vitest';
import type { ResellerView } from '../../../src/conversation/flows/admin/types';
import type { TeamMember } from '../../../src/conversation/flows/team/types';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectShown, labelsOf, last, message, press, said } from './drive';
import { aSession, aState, GROUP_CTX } from './states';

const acme: ResellerView = { partnerId: '100001', company: 'Acme Telecom BV', country: 'NL', levelCode: 'gold', suspendedAt: null };
const jane: TeamMember = { id: '7', username: 'jdoe', name: 'Jane Doe', role: 'sales', active: true, chats: ['telegram'], groups: [] };
const me: TeamMember = { id: 'user-owner', username: 'demo', name: 'Test owner', role: 'owner', active: true, chats: ['console'], groups: [] };
const card = (user: TeamMember = jane) => aState({ name: 'team_user', reseller: acme, user });
const reset = { kind: 'reset' as const, user: jane };
const confirm = () => aState({ name: 'team_confirm', reseller: acme, user: jane, action: reset });

describe('a new password code for a colleague', () => {
  it('is on a colleague\'s card, before Change role and Remove', () => {
    expect(labelsOf(message(card()))).toEqual([t.people.resetButton, t.people.roleButton, t.people.removeButton, t.team.toTeam, t.toMenu]);
  });

  it('asks to confirm first, saying the colleague stays logged in and the old password works until a new one is chosen; No changes nothing', () => {
    const state = card();
    const out = press(state, 'team.reset');
    expectShown(state, out, { name: 'team_confirm', reseller: acme, user: jane, action: reset });
    expect(last(out).text).toBe('Give jdoe (Jane Doe) of Acme Telecom BV (partner 100001) a new one-time code to set a password? It is valid for 7 days; codes given earlier and not used stop working. They stay logged in where they are, and their password works until they choose a new one with the code.');
    expect(labelsOf(last(out))).toEqual(['Yes, give a new code', 'No']);
    const no = press(out.state, 'team.no');
    expectShown(out.state, no, { name: 'team_user', reseller: acme, user: jane });
    expect(said(no)).toContain(t.people.notDone);
    // /back goes to the card, not to a role.
    expect(press(out.state, 'nav.back').state.step).toEqual({ name: 'team_user', reseller: acme, user: jane });
  });

  it('Yes asks the domain for the code as a team action', () => {
    const state = confirm();
    expectCommand(state, press(state, 'team.yes'), { kind: 'team_act', action: reset });
  });

  it('in a group, neither the card nor a confirmation makes a code: the owner is asked to do it privately', () => {
    const state = card();
    const out = press(state, 'team.reset', state.nonce, GROUP_CTX);
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.team.resetPrivately);
    expect(out.state.step).toEqual(state.step);
    const yes = press(confirm(), 'team.yes', confirm().nonce, GROUP_CTX);
    expect(yes.command).toBeNull();
    expect(said(yes)).toContain('Give a colleague a new password code in your private chat with me');
    expect(yes.state.step).toEqual({ name: 'team_user', reseller: acme, user: jane });
  });

  it('the code is shown once, then the team as it is now', () => {
    const lines = ['one-time code for jdoe (Jane Doe, sales), valid until 2026-12-03T10:00:00.000Z: INV-ABCDEFGHJKLMNPQRSTUV', 'sent to the bot …'];
    const out = answer(confirm(), { kind: 'team_done', reseller: acme, action: reset, result: { kind: 'code', user: jane, lines } });
    expect(out.replies[0]?.text).toBe(lines.join('\n'));
    expect(out.command).toEqual({ kind: 'team_users' });
  });

  it('the owner\'s own card offers no New password code (nor Change role or Remove), and says who gives them one; a forged one for themselves is refused in its own words', () => {
    const own = card(me);
    expect(labelsOf(message(own))).toEqual([t.team.toTeam, t.toMenu]);
    expect(message(own).text).toContain('another owner of your company (or your distributor) can give you a new password code, change your role or remove you.');
    expect(press(own, 'team.reset').state.step).toEqual(own.step);
    const refused = answer(confirm(), { kind: 'team_done', reseller: acme, action: { kind: 'reset', user: me }, result: { kind: 'yourself' } });
    expect(refused.replies[0]?.text).toBe('Nothing was done: you cannot give yourself a new password code (another owner of your company, or your distributor, can).');
    // Removing oneself keeps its own words.
    const removed = answer(confirm(), { kind: 'team_done', reseller: acme, action: { kind: 'remove', user: me }, result: { kind: 'yourself' } });
    expect(removed.replies[0]?.text).toBe(t.team.yourself);
  });

  it('a removed colleague\'s card offers none', () => {
    expect(actionsOf(message(card({ ...jane, active: false })))).toEqual(['team.users', 'nav.menu']);
  });

  it('is refused to a purchase user, even forged: an owner does it', () => {
    const state = { ...card(), session: aSession('purchase') };
    const out = press(state, 'team.reset');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe('Your role (purchase) does not manage users: inviting a colleague, giving one a new password code, changing a role or removing a user is done by an owner of your company. Ask an owner.');
    const yes = press({ ...confirm(), session: aSession('purchase') }, 'team.yes');
    expect(yes.command).toBeNull();
  });
});

describe('the chats a colleague is logged in from', () => {
  const list = (users: TeamMember[]) => message(aState({ name: 'team_users', reseller: acme, users, page: 0 })).text;

  it('private chats and groups apart, by channel', () => {
    const text = list([
      { ...jane, chats: ['telegram', 'slack', 'slack'], groups: ['slack'] },
      { ...jane, username: 'grp', chats: [], groups: ['telegram', 'telegram'] },
      { ...jane, username: 'none', chats: [], groups: [] },
      { ...jane, username: 'gone', active: false, chats: [], groups: [] },
    ]);
    expect(text.split('\n').slice(1)).toEqual([
      '1. jdoe — Jane Doe, sales — private chats: Telegram, Slack ×2; groups: Slack',
      '2. grp — Jane Doe, sales — groups: Telegram ×2',
      '3. none — Jane Doe, sales — no chat',
      '4. gone — Jane Doe, sales, removed',
    ]);
    expect(message(card({ ...jane, groups: ['slack'] })).text).toContain('\nLogged in from private chats: Telegram; groups: Slack.');
  });

  it('a step kept from before groups were listed still shows', () => {
    const { groups: _groups, ...older } = jane;
    expect(list([older])).toContain('1. jdoe — Jane Doe, sales — private chats: Telegram');
  });
});
