// The distributor's administrators in the chat (the old Admin portal): an "Admin" entry in the
// staff menu for the admin role only, and the audit log searched by a person, a reseller, an
// order or a day. Only an admin's staff session acts on these steps; the interpreter checks the
// staff account and its role again before any admin command runs.
import { ROLES } from '../../../domain/accounts/roles';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, onlyFor, type Flow, type Next } from '../../flow';
import { say } from '../../reply';
import type { ConversationState, StaffSession } from '../../state';
import { t } from '../../wording';
import { staffOf } from '../staff/steps';
import { auditCriterionOf } from './audit-search';
import type { AdminStep } from './types';

export const ADMIN_VERBS = ['audit', 'older', 'newer', 'menu', 'staff', 'resellers', 'open', 'suspend', 'reactivate', 'yes', 'no', 'invite', 'role', 'catalogue', 'people', 'create', 'edit', 'users'] as const;
const button = flowButtons('admin', ADMIN_VERBS);

/** The staff session, if it is an administrator's. */
export function adminOf(state: Pick<ConversationState, 'session'>): StaffSession | undefined {
  const staff = staffOf(state);
  return staff?.staffRole === 'admin' ? staff : undefined;
}

/** An admin step acts for an administrator only; anyone else is told so (a reseller never gets here). */
const { press: pressOnly, text: textOnly } = onlyFor((state) => adminOf(state) !== undefined, refusal);

/** What a staff user who is not an administrator gets for an admin button. */
export function refusal(state: Pick<ConversationState, 'session'>): Next | undefined {
  return staffOf(state) ? next.run({ kind: 'staff_menu' }, { say: [say(t.admin.adminsOnly)] }) : undefined;
}

const search = (text: string): Next | undefined => {
  const criterion = auditCriterionOf(text);
  return criterion ? next.run({ kind: 'admin_audit', criterion, page: 0 }) : undefined;
};
const toAdminMenu = () => button('menu', t.admin.backToMenu);
const findReseller = (text: string): Next | undefined => (text.trim() ? next.run({ kind: 'admin_find_reseller', query: text.trim().slice(0, 100) }) : undefined);
const MAX_RESELLERS = 8;

export const adminFlow: Flow<AdminStep['name'], 'admin_audit' | 'admin_only' | 'admin_resellers' | 'admin_suspended' | 'admin_invited'> = {
  steps: {
    admin_menu: {
      flow: 'admin',
      view: (_step, state) => ({
        text: t.admin.menuTitle(adminOf(state)?.name ?? ''),
        buttons: [[button('resellers', t.admin.resellersButton), button('audit', t.admin.auditButton)], [button('catalogue', t.catalogue.menuButton)], [button('people', t.people.staffButton), button('staff', t.admin.staffMenu)]],
        secret: false,
      }),
      press: pressOnly((verb) => {
        if (verb === 'audit') return next.show({ name: 'admin_audit_ask' });
        if (verb === 'resellers') return next.show({ name: 'admin_reseller_find' });
        if (verb === 'staff') return next.run({ kind: 'staff_menu' });
        if (verb === 'catalogue') return next.show({ name: 'cat_menu' });
        if (verb === 'people') return next.run({ kind: 'people_users', scope: { kind: 'staff' } });
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: () => next.run({ kind: 'staff_menu' }),
    },
    admin_reseller_find: {
      flow: 'admin',
      view: () => ({ text: t.admin.askReseller, buttons: [[button('create', t.people.newResellerButton), toAdminMenu()]], secret: false }),
      press: pressOnly((verb) => (verb === 'menu' ? next.show({ name: 'admin_menu' }) : verb === 'create' ? next.run({ kind: 'people_form', partnerId: null }) : undefined)),
      text: textOnly(findReseller),
      expects: () => t.admin.expectReseller,
      ownsText: true,
      back: () => next.show({ name: 'admin_menu' }),
    },
    admin_reseller_list: {
      flow: 'admin',
      view: (step) => ({
        text: [t.admin.resellersFound(step.query), ...step.resellers.map((r, i) => `${i + 1}. ${t.admin.resellerLabel(r)}`)].join('\n'),
        buttons: [...rows(step.resellers.slice(0, MAX_RESELLERS).map((_, i) => button('open', t.admin.open(i + 1), i)), 4), [button('resellers', t.admin.findAnother), toAdminMenu()]],
        secret: false,
      }),
      press: pressOnly((verb, arg, step) => {
        const reseller = verb === 'open' ? step.resellers[indexArg(arg) ?? -1] : undefined;
        if (reseller) return next.show({ name: 'admin_reseller', reseller });
        if (verb === 'resellers') return next.show({ name: 'admin_reseller_find' });
        if (verb === 'menu') return next.show({ name: 'admin_menu' });
        return undefined;
      }),
      text: textOnly(findReseller),
      expects: () => t.admin.expectReseller,
      ownsText: true,
      back: () => next.show({ name: 'admin_reseller_find' }),
    },
    admin_reseller: {
      flow: 'admin',
      view: (step) => ({
        text: t.admin.resellerCard(step.reseller),
        buttons: [
          [step.reseller.suspendedAt ? button('reactivate', t.admin.reactivate) : button('suspend', t.admin.suspend), button('invite', t.admin.inviteButton)],
          [button('edit', t.people.editButton), button('users', t.people.usersButton)],
          [button('resellers', t.admin.findAnother), toAdminMenu()],
        ],
        secret: false,
      }),
      press: pressOnly((verb, _arg, step) => {
        if (verb === 'suspend' && !step.reseller.suspendedAt) return next.show({ name: 'admin_reseller_reason', reseller: step.reseller, suspend: true });
        if (verb === 'reactivate' && step.reseller.suspendedAt) return next.show({ name: 'admin_reseller_reason', reseller: step.reseller, suspend: false });
        if (verb === 'invite') return next.show({ name: 'admin_invite', reseller: step.reseller, role: null });
        if (verb === 'edit') return next.run({ kind: 'people_form', partnerId: step.reseller.partnerId });
        if (verb === 'users') return next.run({ kind: 'people_users', scope: { kind: 'reseller', reseller: step.reseller } });
        if (verb === 'resellers') return next.show({ name: 'admin_reseller_find' });
        if (verb === 'menu') return next.show({ name: 'admin_menu' });
        return undefined;
      }),
      text: textOnly(findReseller),
      expects: () => t.admin.expectReseller,
      back: () => next.show({ name: 'admin_reseller_find' }),
    },
    admin_reseller_reason: {
      flow: 'admin',
      view: (step) => ({ text: t.admin.askSuspensionReason(step.reseller, step.suspend), buttons: [[navButton('back', t.back), toAdminMenu()]], secret: false }),
      press: pressOnly((verb) => (verb === 'menu' ? next.show({ name: 'admin_menu' }) : undefined)),
      text: textOnly((text, step) => {
        const reason = text.trim().slice(0, 500);
        return reason ? next.show({ name: 'admin_reseller_confirm', reseller: step.reseller, suspend: step.suspend, reason }) : undefined;
      }),
      expects: () => t.admin.expectReason,
      ownsText: true,
      back: (step) => next.show({ name: 'admin_reseller', reseller: step.reseller }),
    },
    admin_reseller_confirm: {
      flow: 'admin',
      view: (step) => ({
        text: t.admin.confirmSuspension(step.reseller, step.suspend, step.reason),
        buttons: [[button('yes', step.suspend ? t.admin.yesSuspend : t.admin.yesReactivate), button('no', t.admin.no)]],
        secret: false,
      }),
      press: pressOnly((verb, _arg, step) => {
        if (verb === 'yes') return next.run({ kind: 'admin_suspend', partnerId: step.reseller.partnerId, suspend: step.suspend, reason: step.reason });
        if (verb === 'no') return next.show({ name: 'admin_reseller', reseller: step.reseller }, { say: [say(t.admin.notDone)] });
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: (step) => next.show({ name: 'admin_reseller_reason', reseller: step.reseller, suspend: step.suspend }),
    },
    admin_invite: {
      flow: 'admin',
      view: (step) => ({
        text: step.role ? t.admin.askInvitee(step.reseller, step.role) : t.admin.askRole(step.reseller),
        buttons: [...(step.role ? [] : [ROLES.map((role) => button('role', t.admin.role(role), role))]), [navButton('back', t.back), toAdminMenu()]],
        secret: false,
      }),
      press: pressOnly((verb, arg, step) => {
        const role = ROLES.find((r) => r === arg);
        if (verb === 'role' && role && !step.role) return next.show({ ...step, role });
        if (verb === 'menu') return next.show({ name: 'admin_menu' });
        return undefined;
      }),
      // "jdoe Jane Doe": the login name, then the full name.
      text: textOnly((text, step) => {
        const match = /^(\S+)\s+(\S.*)$/.exec(text.trim());
        if (!step.role || !match?.[1] || !match[2]) return undefined;
        return next.run({ kind: 'admin_invite', reseller: step.reseller, role: step.role, username: match[1], name: match[2].slice(0, 200) });
      }),
      expects: (step) => (step.role ? t.admin.expectInvitee : t.expectChoice),
      ownsText: true,
      back: (step) => (step.role ? next.show({ ...step, role: null }) : next.show({ name: 'admin_reseller', reseller: step.reseller })),
    },
    admin_audit_ask: {
      flow: 'admin',
      view: () => ({ text: t.admin.askAudit, buttons: [[toAdminMenu()]], secret: false }),
      press: pressOnly((verb) => (verb === 'menu' ? next.show({ name: 'admin_menu' }) : undefined)),
      text: textOnly(search),
      expects: () => t.admin.expectAudit,
      ownsText: true,
      back: () => next.show({ name: 'admin_menu' }),
    },
    admin_audit: {
      flow: 'admin',
      view: (step) => ({
        text: [t.admin.auditTitle(step.criterion, step.page, step.lines.length), ...step.lines].join('\n'),
        buttons: [
          [...(step.more ? [button('older', t.admin.older)] : []), ...(step.page > 0 ? [button('newer', t.admin.newer)] : [])],
          [button('audit', t.admin.newSearch), toAdminMenu()],
        ],
        secret: false,
      }),
      press: pressOnly((verb, _arg, step) => {
        if (verb === 'older' && step.more) return next.run({ kind: 'admin_audit', criterion: step.criterion, page: step.page + 1 });
        if (verb === 'newer' && step.page > 0) return next.run({ kind: 'admin_audit', criterion: step.criterion, page: step.page - 1 });
        if (verb === 'audit') return next.show({ name: 'admin_audit_ask' });
        if (verb === 'menu') return next.show({ name: 'admin_menu' });
        return undefined;
      }),
      text: textOnly(search),
      expects: () => t.admin.expectAudit,
      ownsText: true,
      back: () => next.show({ name: 'admin_menu' }),
    },
  },
  answers: {
    admin_audit: (a) => {
      if (a.result.kind !== 'found') return next.show({ name: 'admin_audit_ask' }, { say: [say(t.admin.auditRefused(a.result.kind, a.criterion))] });
      return next.show({ name: 'admin_audit', criterion: { by: a.result.by, value: a.criterion.value }, page: a.page, lines: a.result.lines, more: a.result.more });
    },
    admin_only: () => next.run({ kind: 'staff_menu' }, { say: [say(t.admin.adminsOnly)] }),
    admin_resellers: (a) => {
      const [only] = a.resellers;
      if (a.resellers.length === 0 || !only) return next.show({ name: 'admin_reseller_find' }, { say: [say(t.admin.noReseller(a.query))] });
      return a.resellers.length === 1 ? next.show({ name: 'admin_reseller', reseller: only }) : next.show({ name: 'admin_reseller_list', query: a.query, resellers: a.resellers.slice(0, MAX_RESELLERS) });
    },
    // Done or not (twice, or someone else first), the card shows the reseller as it is now.
    admin_suspended: (a) => {
      const said = say(t.admin.suspension(a.result, a.partnerId, a.reseller));
      return a.reseller ? next.show({ name: 'admin_reseller', reseller: a.reseller }, { say: [said] }) : next.show({ name: 'admin_reseller_find' }, { say: [said] });
    },
    // The code is shown once, with the reseller's card; a refusal asks for the person again.
    admin_invited: (a) => {
      switch (a.result.kind) {
        case 'invited': return next.show({ name: 'admin_reseller', reseller: a.reseller }, { say: [say(a.result.lines.join('\n'))] });
        case 'username_taken':
        case 'invalid_username':
        case 'invalid_name':
          return next.show({ name: 'admin_invite', reseller: a.reseller, role: a.role }, { say: [say(t.admin.inviteRefused[a.result.kind])] });
        case 'reseller_not_found':
        case 'other_reseller':
        case 'not_available':
          return next.show({ name: 'admin_reseller_find' }, { say: [say(t.admin.inviteRefused[a.result.kind](a.reseller.partnerId))] });
        default: {
          const never: never = a.result;
          throw new Error(`unknown invitation answer ${JSON.stringify(never)}`);
        }
      }
    },
  },
  intents: {},
};
