// An owner's team in the chat: their company's users (name, login name, role, active or not, the
// private and group chats they are logged in from), a colleague invited with a role (the one-time
// code and t.me link handed over as an administrator gets them, to forward), a colleague given a
// new password code, a colleague's role changed or a colleague removed after confirming. The
// people flow's wording and outcomes are reused; the reseller is always the owner's own. Only an
// owner's session acts on these steps; a purchase, sales or support user is told that an owner
// does this, and the use cases check the owner and the colleague's reseller again. A one-time
// code is made and shown in a private chat only. An owner's own card offers no New password
// code, Change role or Remove, and a reseller's last owner keeps the role (the keeper rule of
// the use cases).
import { ROLES } from '../../../domain/accounts/roles';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, onlyFor, type Flow, type Next } from '../../flow';
import { say } from '../../reply';
import { mayDo, resellerOf } from '../../session';
import type { ConversationState } from '../../state';
import { t } from '../../wording';
import { USERS_PER_PAGE } from '../people/steps';
import type { UserScope } from '../people/types';
import type { ResellerView } from '../admin/types';
import type { TeamMember } from './types';

const TEAM_VERBS = ['open', 'next', 'prev', 'invite', 'users', 'reset', 'role', 'setrole', 'remove', 'yes', 'no'] as const;
const button = flowButtons('team', TEAM_VERBS);

/** What a user who is not an owner gets for the team (typed, pressed or forged): an owner does this. */
export function ownersOnly(state: Pick<ConversationState, 'session'>): Next | undefined {
  if (state.session?.account === 'staff') return next.refuse('manage_users');
  const session = resellerOf(state);
  return session ? next.show({ name: 'menu' }, { say: [say(t.team.ownersOnly(session.role))] }) : undefined;
}

/** The team, for an owner; anyone else is refused. */
export function openTeam(state: ConversationState): Next {
  return mayDo(state, 'manage_users') ? next.run({ kind: 'team_users' }) : (ownersOnly(state) ?? next.login(t.notLoggedIn));
}

const { press: pressOnly, text: textOnly } = onlyFor((state) => mayDo(state, 'manage_users'), ownersOnly);

const scopeOf = (reseller: ResellerView): UserScope => ({ kind: 'reseller', reseller });
const toMenu = () => navButton('menu', t.toMenu);
const toTeam = (extra: { say?: string[] } = {}) => next.run({ kind: 'team_users' }, { say: (extra.say ?? []).map(say) });
/** The owner's own card: no New password code, Change role or Remove (another owner does them). */
const isOwnCard = (user: TeamMember, state: ConversationState) => user.id === resellerOf(state)?.userId;

export const teamFlow: Flow<'team_users' | 'team_user' | 'team_role' | 'team_invite' | 'team_confirm', 'team_users' | 'team_invited' | 'team_done' | 'team_owners_only'> = {
  steps: {
    team_users: {
      flow: 'team',
      view: (step) => {
        const first = step.page * USERS_PER_PAGE;
        const shown = step.users.slice(first, first + USERS_PER_PAGE);
        const more = step.users.length > first + USERS_PER_PAGE;
        return {
          text: [t.people.usersTitle(scopeOf(step.reseller), step.users.length), ...shown.map((u, i) => `${t.people.userLine(first + i + 1, u)}${t.team.chats(u)}`)].join('\n'),
          buttons: [
            ...rows(shown.map((_, i) => button('open', t.people.open(first + i + 1), first + i)), 4),
            [...(step.page > 0 ? [button('prev', t.people.previousPage)] : []), ...(more ? [button('next', t.people.nextPage)] : [])],
            [button('invite', t.admin.inviteButton), toMenu()],
          ].filter((r) => r.length > 0),
          secret: false,
        };
      },
      press: pressOnly((verb, arg, step, _state, ctx) => {
        const user = verb === 'open' ? step.users[indexArg(arg) ?? -1] : undefined;
        if (user) return next.show({ name: 'team_user', reseller: step.reseller, user });
        // The one-time code is the colleague's password to be: never shown where others read along.
        if (verb === 'invite' && !ctx.privateChat) return next.again(say(t.team.invitePrivately));
        if (verb === 'next' && step.users.length > (step.page + 1) * USERS_PER_PAGE) return next.show({ ...step, page: step.page + 1 });
        if (verb === 'prev' && step.page > 0) return next.show({ ...step, page: step.page - 1 });
        if (verb === 'invite') return next.show({ name: 'team_invite', reseller: step.reseller, role: null });
        return undefined;
      }),
      expects: () => t.expectChoice,
    },
    team_user: {
      flow: 'team',
      view: (step, state) => {
        const own = isOwnCard(step.user, state);
        return {
          text: [t.people.userCard(scopeOf(step.reseller), step.user), ...(step.user.active ? [t.team.chatsLine(step.user)] : []), ...(own && step.user.active ? [t.team.ownCard] : [])].join('\n'),
          buttons: [
            step.user.active && !own ? [button('reset', t.people.resetButton), button('role', t.people.roleButton), button('remove', t.people.removeButton)] : [],
            [button('users', t.team.toTeam), toMenu()],
          ].filter((r) => r.length > 0),
          secret: false,
        };
      },
      press: pressOnly((verb, _arg, step, state, ctx) => {
        const { reseller, user } = step;
        const mayChange = user.active && !isOwnCard(user, state);
        // The code is the colleague's password to be: never made where others read along.
        if (verb === 'reset' && mayChange && !ctx.privateChat) return next.again(say(t.team.resetPrivately));
        if (verb === 'reset' && mayChange) return next.show({ name: 'team_confirm', reseller, user, action: { kind: 'reset', user } });
        if (verb === 'remove' && mayChange) return next.show({ name: 'team_confirm', reseller, user, action: { kind: 'remove', user } });
        if (verb === 'role' && mayChange) return next.show({ name: 'team_role', reseller, user });
        if (verb === 'users') return toTeam();
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: () => toTeam(),
    },
    team_role: {
      flow: 'team',
      view: (step) => ({
        text: t.people.askRole(scopeOf(step.reseller), step.user),
        buttons: [ROLES.filter((r) => r !== step.user.role).map((r) => button('setrole', t.people.role(r), r)), [navButton('back', t.back), toMenu()]],
        secret: false,
      }),
      press: pressOnly((verb, arg, step) => {
        const role = ROLES.find((r) => r === arg && r !== step.user.role);
        if (verb === 'setrole' && role) return next.show({ name: 'team_confirm', reseller: step.reseller, user: step.user, action: { kind: 'role', user: step.user, role } });
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: (step) => next.show({ name: 'team_user', reseller: step.reseller, user: step.user }),
    },
    // As an administrator invites to a reseller: the role, then "jdoe Jane Doe".
    team_invite: {
      flow: 'team',
      view: (step) => ({
        text: step.role ? t.admin.askInvitee(step.reseller, step.role) : t.admin.askRole(step.reseller),
        buttons: [...(step.role ? [] : [ROLES.map((role) => button('setrole', t.admin.role(role), role))]), [navButton('back', t.back), toMenu()]],
        secret: false,
      }),
      press: pressOnly((verb, arg, step) => {
        const role = ROLES.find((r) => r === arg);
        if (verb === 'setrole' && role && !step.role) return next.show({ ...step, role });
        return undefined;
      }),
      text: textOnly((text, step, _state, ctx) => {
        const match = /^(\S+)\s+(\S.*)$/.exec(text.trim());
        if (!step.role || !match?.[1] || !match[2]) return undefined;
        if (!ctx.privateChat) return toTeam({ say: [t.team.invitePrivately] });
        return next.run({ kind: 'team_invite', role: step.role, username: match[1], name: match[2].slice(0, 200) });
      }),
      expects: (step) => (step.role ? t.admin.expectInvitee : t.expectChoice),
      ownsText: true,
      back: (step) => (step.role ? next.show({ ...step, role: null }) : toTeam()),
    },
    team_confirm: {
      flow: 'team',
      view: (step) => ({
        text: t.people.confirm(scopeOf(step.reseller), step.action),
        buttons: [[button('yes', t.people.yes(step.action)), button('no', t.people.no)]],
        secret: false,
      }),
      press: pressOnly((verb, _arg, step, _state, ctx) => {
        if (verb === 'yes' && step.action.kind === 'reset' && !ctx.privateChat) return next.show({ name: 'team_user', reseller: step.reseller, user: step.user }, { say: [say(t.team.resetPrivately)] });
        if (verb === 'yes') return next.run({ kind: 'team_act', action: step.action });
        if (verb === 'no') return next.show({ name: 'team_user', reseller: step.reseller, user: step.user }, { say: [say(t.people.notDone)] });
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: (step) => (step.action.kind === 'role' ? next.show({ name: 'team_role', reseller: step.reseller, user: step.user }) : next.show({ name: 'team_user', reseller: step.reseller, user: step.user })),
    },
  },
  answers: {
    team_users: (a) => (a.users ? next.show({ name: 'team_users', reseller: a.reseller, users: a.users, page: 0 }) : next.run({ kind: 'menu' }, { say: [say(t.team.notAvailable)] })),
    // The code is shown once, with the team as it is now (the new colleague in it); a refusal asks for the person again.
    team_invited: (a) => {
      switch (a.result.kind) {
        case 'invited': return toTeam({ say: [a.result.lines.join('\n')] });
        case 'username_taken':
        case 'invalid_username':
        case 'invalid_name':
          return next.show({ name: 'team_invite', reseller: a.reseller, role: a.role }, { say: [say(t.admin.inviteRefused[a.result.kind])] });
        case 'other_reseller': return toTeam({ say: [t.admin.inviteRefused.other_reseller()] });
        case 'reseller_not_found':
        case 'not_available':
          return next.run({ kind: 'menu' }, { say: [say(t.team.notAvailable)] });
        default: {
          const never: never = a.result;
          throw new Error(`unknown invitation answer ${JSON.stringify(never)}`);
        }
      }
    },
    // Done or refused, it is said, and the team is listed as it is now (a new code first, once, as an invitation's).
    team_done: (a) => {
      const { result } = a;
      if (result.kind === 'own_role') return toTeam({ say: [t.team.ownRole] });
      if (result.kind === 'yourself') return toTeam({ say: [a.action.kind === 'reset' ? t.team.ownCode : t.team.yourself] });
      if (result.kind === 'not_available') return next.run({ kind: 'menu' }, { say: [say(t.team.notAvailable)] });
      return toTeam({ say: [t.people.done(a.action, result)] });
    },
    // The role as stored now (the session may still say owner): the menu shows what it allows.
    team_owners_only: (a, state) => {
      const session = resellerOf(state);
      return session ? next.show({ name: 'menu' }, { say: [say(t.team.ownersOnly(a.role))], patch: { session: { ...session, role: a.role } } }) : next.login(t.notLoggedIn);
    },
  },
  intents: {},
};
