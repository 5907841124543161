// An administrator's resellers and people in the chat (the old Admin portal, beside the admin
// flow): create a reseller or edit one from its card with a short form typed as "field: value"
// lines (a summary to confirm, a refusal said and the form kept to correct it); a reseller's
// users and the distributor's staff, each user given a new password code, another role or
// removed after confirming; staff invited. Only an admin's staff session acts on these steps;
// the interpreter checks the staff account and its role again before any command runs, and the
// use cases check it once more.
import { ROLES } from '../../../domain/accounts/roles';
import { STAFF_ROLES } from '../../../domain/use-cases/admin/users';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, onlyFor, type Flow, type Next } from '../../flow';
import { say } from '../../reply';
import type { ConversationState } from '../../state';
import { t } from '../../wording';
import { adminOf, refusal } from '../admin/steps';
import { applyLines } from './form';
import { RESELLER_FIELDS, type ResellerField, type ResellerForm, type UserScope, type UserView } from './types';

export const PEOPLE_VERBS = ['level', 'save', 'clear', 'card', 'menu', 'open', 'next', 'prev', 'invite', 'users', 'reset', 'role', 'setrole', 'remove', 'yes', 'no'] as const;
const button = flowButtons('people', PEOPLE_VERBS);
const { press: pressOnly, text: textOnly } = onlyFor((state) => adminOf(state) !== undefined, refusal);

/** Users shown on one page of a list. */
export const USERS_PER_PAGE = 8;
const REQUIRED: readonly ResellerField[] = ['partnerId', 'company', 'country', 'level'];
const EDITABLE = RESELLER_FIELDS.filter((f) => f !== 'partnerId' && f !== 'company');
const fieldsOf = (form: ResellerForm) => (form.mode === 'create' ? RESELLER_FIELDS : EDITABLE);
const toAdminMenu = () => button('menu', t.admin.backToMenu);
const adminMenu = () => next.show({ name: 'admin_menu' });
const users = (scope: UserScope, extra: { say?: string[] } = {}) => next.run({ kind: 'people_users', scope }, { say: (extra.say ?? []).map(say) });
const toCardOrFind = (form: ResellerForm): Next => (form.mode === 'edit' ? next.show({ name: 'admin_reseller', reseller: form.card }) : next.show({ name: 'admin_reseller_find' }));
/** A level's code may go in a button's argument. */
const buttonable = (code: string) => /^[\w.-]{1,40}$/.test(code);
const rolesFor = (scope: UserScope): readonly string[] => (scope.kind === 'staff' ? STAFF_ROLES : ROLES);
const toUsersButton = (scope: UserScope) => button('users', t.people.toUsers(scope));
const backOfUsers = (scope: UserScope): Next => (scope.kind === 'staff' ? adminMenu() : next.show({ name: 'admin_reseller', reseller: scope.reseller }));

/**
 * Whether the card is the administrator's own: it offers no Change role or Remove, which the use
 * cases refuse (another administrator does them).
 */
const isOwnCard = (step: { scope: UserScope; user: UserView }, state: ConversationState) => step.scope.kind === 'staff' && step.user.id === adminOf(state)?.staffId;

/** Where a user's action ends: the user's card, or the list when the user is no longer to be acted on. */
function afterAct(scope: UserScope, said: string, user: UserView | null): Next {
  return user ? next.show({ name: 'people_user', scope, user }, { say: [say(said)] }) : users(scope, { say: [said] });
}

export const peopleFlow: Flow<'people_reseller_form' | 'people_users' | 'people_user' | 'people_role' | 'people_invite' | 'people_confirm', 'people_form' | 'people_saved' | 'people_users' | 'people_done'> = {
  steps: {
    people_reseller_form: {
      flow: 'people',
      view: (step) => {
        const { form, values } = step;
        const levels = form.levels.filter(buttonable);
        const typed = Object.keys(values).length > 0;
        const complete = form.mode === 'edit' || REQUIRED.every((f) => values[f] !== undefined);
        return {
          text: t.people.form(form, values, form.levels),
          buttons: [
            ...rows(levels.slice(0, 8).map((code) => button('level', t.people.levelButton(code), code)), 4),
            [...(typed && complete ? [button('save', form.mode === 'create' ? t.people.create : t.people.save)] : []), ...(typed ? [button('clear', t.people.startOver)] : [])],
            [...(form.mode === 'edit' ? [button('card', t.people.toCard)] : []), toAdminMenu()],
          ],
          secret: false,
        };
      },
      press: pressOnly((verb, arg, step) => {
        const { form, values } = step;
        if (verb === 'level' && arg && form.levels.includes(arg)) return next.show({ ...step, values: { ...values, level: arg } });
        if (verb === 'save' && Object.keys(values).length > 0 && (form.mode === 'edit' || REQUIRED.every((f) => values[f] !== undefined))) {
          return next.run({ kind: 'people_save', form, values });
        }
        if (verb === 'clear') return next.show({ ...step, values: {} });
        if (verb === 'card' && form.mode === 'edit') return next.show({ name: 'admin_reseller', reseller: form.card });
        if (verb === 'menu') return adminMenu();
        return undefined;
      }),
      text: textOnly((text, step) => {
        const parsed = applyLines(text, step.values, fieldsOf(step.form));
        if (!parsed) return undefined;
        if (parsed.kind === 'unknown_field') return next.again(say(t.people.unknownField(parsed.line)));
        if (parsed.kind === 'not_editable') return next.again(say(t.people.notEditable(parsed.field)));
        if (parsed.kind === 'too_long') return next.again(say(t.people.tooLong(parsed.field)));
        if (parsed.kind === 'reordering') return next.again(say(t.people.reordering(parsed.field)));
        return next.show({ ...step, values: parsed.values });
      }),
      expects: () => t.people.expectForm,
      ownsText: true,
      back: (step) => toCardOrFind(step.form),
    },
    people_users: {
      flow: 'people',
      view: (step) => {
        const first = step.page * USERS_PER_PAGE;
        const shown = step.users.slice(first, first + USERS_PER_PAGE);
        const more = step.users.length > first + USERS_PER_PAGE;
        return {
          text: [t.people.usersTitle(step.scope, step.users.length), ...shown.map((u, i) => t.people.userLine(first + i + 1, u))].join('\n'),
          buttons: [
            ...rows(shown.map((_, i) => button('open', t.people.open(first + i + 1), first + i)), 4),
            [...(step.page > 0 ? [button('prev', t.people.previousPage)] : []), ...(more ? [button('next', t.people.nextPage)] : [])],
            [button('invite', step.scope.kind === 'staff' ? t.people.inviteStaff : t.admin.inviteButton)],
            [...(step.scope.kind === 'reseller' ? [button('card', t.people.toCard)] : []), toAdminMenu()],
          ],
          secret: false,
        };
      },
      press: pressOnly((verb, arg, step) => {
        const user = verb === 'open' ? step.users[indexArg(arg) ?? -1] : undefined;
        if (user) return next.show({ name: 'people_user', scope: step.scope, user });
        if (verb === 'next' && step.users.length > (step.page + 1) * USERS_PER_PAGE) return next.show({ ...step, page: step.page + 1 });
        if (verb === 'prev' && step.page > 0) return next.show({ ...step, page: step.page - 1 });
        if (verb === 'invite') return step.scope.kind === 'staff' ? next.show({ name: 'people_invite', role: null }) : next.show({ name: 'admin_invite', reseller: step.scope.reseller, role: null });
        if (verb === 'card' && step.scope.kind === 'reseller') return next.show({ name: 'admin_reseller', reseller: step.scope.reseller });
        if (verb === 'menu') return adminMenu();
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: (step) => backOfUsers(step.scope),
    },
    people_user: {
      flow: 'people',
      view: (step, state) => {
        const own = isOwnCard(step, state);
        return {
          text: t.people.userCard(step.scope, step.user, own),
          buttons: [
            step.user.active ? [button('reset', t.people.resetButton), ...(own ? [] : [button('role', t.people.roleButton), button('remove', t.people.removeButton)])] : [],
            [toUsersButton(step.scope), toAdminMenu()],
          ],
          secret: false,
        };
      },
      press: pressOnly((verb, _arg, step, state) => {
        const { scope, user } = step;
        const mayChange = user.active && !isOwnCard(step, state);
        if (verb === 'reset' && user.active) return next.show({ name: 'people_confirm', scope, action: { kind: 'reset', user } });
        if (verb === 'remove' && mayChange) return next.show({ name: 'people_confirm', scope, action: { kind: 'remove', user } });
        if (verb === 'role' && mayChange) return next.show({ name: 'people_role', scope, user });
        if (verb === 'users') return users(scope);
        if (verb === 'menu') return adminMenu();
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: (step) => users(step.scope),
    },
    people_role: {
      flow: 'people',
      view: (step) => ({
        text: t.people.askRole(step.scope, step.user),
        buttons: [rolesFor(step.scope).filter((r) => r !== step.user.role).map((r) => button('setrole', t.people.role(r), r)), [navButton('back', t.back), toAdminMenu()]],
        secret: false,
      }),
      press: pressOnly((verb, arg, step) => {
        const role = rolesFor(step.scope).find((r) => r === arg && r !== step.user.role);
        if (verb === 'setrole' && role) return next.show({ name: 'people_confirm', scope: step.scope, action: { kind: 'role', user: step.user, role } });
        if (verb === 'menu') return adminMenu();
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: (step) => next.show({ name: 'people_user', scope: step.scope, user: step.user }),
    },
    people_invite: {
      flow: 'people',
      view: (step) => ({
        text: step.role ? t.people.askStaffInvitee(step.role) : t.people.askStaffRole,
        buttons: [...(step.role ? [] : [STAFF_ROLES.map((r) => button('setrole', t.people.role(r), r))]), [navButton('back', t.back), toAdminMenu()]],
        secret: false,
      }),
      press: pressOnly((verb, arg, step) => {
        const role = STAFF_ROLES.find((r) => r === arg);
        if (verb === 'setrole' && role && !step.role) return next.show({ name: 'people_invite', role });
        if (verb === 'menu') return adminMenu();
        return undefined;
      }),
      // "jdoe Jane Doe": the login name, then the full name. The login name is taken whole (never
      // cut to a shorter one that would pass): the use case refuses one that is too long.
      text: textOnly((text, step) => {
        const match = /^(\S+)\s+(\S.*)$/.exec(text.trim());
        if (!step.role || !match?.[1] || !match[2]) return undefined;
        return next.show({ name: 'people_confirm', scope: { kind: 'staff' }, action: { kind: 'invite_staff', username: match[1], name: match[2].slice(0, 200), role: step.role } });
      }),
      expects: (step) => (step.role ? t.people.expectInvitee : t.expectChoice),
      ownsText: true,
      back: (step) => (step.role ? next.show({ name: 'people_invite', role: null }) : users({ kind: 'staff' })),
    },
    people_confirm: {
      flow: 'people',
      view: (step) => ({
        text: t.people.confirm(step.scope, step.action),
        buttons: [[button('yes', t.people.yes(step.action)), button('no', t.people.no)]],
        secret: false,
      }),
      press: pressOnly((verb, _arg, step) => {
        if (verb === 'yes') return next.run({ kind: 'people_act', scope: step.scope, action: step.action });
        if (verb === 'no') return step.action.kind === 'invite_staff' ? users(step.scope, { say: [t.people.notDone] }) : next.show({ name: 'people_user', scope: step.scope, user: step.action.user }, { say: [say(t.people.notDone)] });
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: (step) => {
        const { action, scope } = step;
        if (action.kind === 'invite_staff') return next.show({ name: 'people_invite', role: action.role });
        return action.kind === 'role' ? next.show({ name: 'people_role', scope, user: action.user }) : next.show({ name: 'people_user', scope, user: action.user });
      },
    },
  },
  answers: {
    people_form: (a) => {
      if (!a.available) return next.show({ name: 'admin_menu' }, { say: [say(t.people.notAvailable)] });
      if (!a.form) return next.show({ name: 'admin_reseller_find' }, { say: [say(t.people.formGone(a.partnerId ?? ''))] });
      return next.show({ name: 'people_reseller_form', form: a.form, values: {} });
    },
    // Saved: the reseller's card, as it is now. Refused: the form again, with what was typed, to correct.
    people_saved: (a) => {
      const { result } = a;
      switch (result.kind) {
        case 'created': return next.show({ name: 'admin_reseller', reseller: result.card }, { say: [say(`${t.people.created(result.card)}\n${t.people.details(result.details)}`)] });
        case 'edited': return next.show({ name: 'admin_reseller', reseller: result.card }, { say: [say(`${t.people.edited(result.card, result.vatCheck)}\n${t.people.details(result.details)}`)] });
        case 'not_available': return next.show({ name: 'admin_menu' }, { say: [say(t.people.notAvailable)] });
        case 'not_found': return next.show({ name: 'admin_reseller_find' }, { say: [say(t.people.formGone(a.form.mode === 'edit' ? a.form.reseller.partnerId : ''))] });
        default: return next.show({ name: 'people_reseller_form', form: a.form, values: a.values }, { say: [say(t.people.refused(result))] });
      }
    },
    people_users: (a) => {
      if (!a.users) return a.scope.kind === 'staff' ? next.show({ name: 'admin_menu' }, { say: [say(t.people.usersGone(a.scope))] }) : next.show({ name: 'admin_reseller_find' }, { say: [say(t.people.usersGone(a.scope))] });
      return next.show({ name: 'people_users', scope: a.scope, users: a.users, page: 0 });
    },
    // Done or refused (twice, or someone else first), it is said; the user's card shows the user as now.
    people_done: (a) => {
      const said = t.people.done(a.action, a.result);
      const { action, result, scope } = a;
      switch (result.kind) {
        case 'code': return action.kind === 'invite_staff' ? users(scope, { say: [said] }) : afterAct(scope, said, result.user);
        case 'role_changed': return afterAct(scope, said, result.user);
        case 'removed':
        case 'not_found':
        case 'inactive':
          return afterAct(scope, said, null);
        case 'username_taken':
        case 'invalid_username':
        case 'invalid_name':
          return next.show({ name: 'people_invite', role: action.kind === 'invite_staff' ? action.role : null }, { say: [say(said)] });
        case 'not_available': return next.show({ name: 'admin_menu' }, { say: [say(said)] });
        default: return action.kind === 'invite_staff' ? users(scope, { say: [said] }) : afterAct(scope, said, action.user);
      }
    },
  },
  intents: {},
};
