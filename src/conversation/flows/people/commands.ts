// What the people flow asks the domain, for an administrator's staff session only (the
// interpreter checks the staff account and its admin role again before any of these runs). Each
// goes through the Admin portal's use cases, as `npm run ops` does; nothing is decided here.
import type { PartnerLevel, Reseller } from '../../../domain/accounts/accounts';
import { invitationLines } from '../../../domain/admin/invitation-lines';
import type { Forbidden, StaffActor, UsersActor } from '../../../domain/admin/actor';
import { percentOf } from '../../../domain/invoicing/statement';
import type { ResellerCreateRequest, ResellerCreateResult } from '../../../domain/use-cases/admin/resellers';
import type { ListUsersResult, OwnersReseller, RemoveResult, ResetResult, RoleResult, UserSummary } from '../../../domain/use-cases/admin/users';
import type { ResellerEditRequest, ResellerEditResult } from '../../../domain/use-cases/reseller-profile';
import { actorOf, resellerView, type AdminEnv } from '../admin/commands';
import type { ResellerView } from '../admin/types';
import type { FormValues, PeopleAction, ResellerDetails, ResellerForm, UserScope, UserView } from './types';
import type { InterpreterContext } from '../../interpreter';

/** The Admin portal's use cases about resellers' details and users, as the chat reaches them (each a transaction of its own). */
export interface PeopleDesk {
  /** A reseller and the partner levels, to open its edit form (null: no such reseller). */
  reseller(partnerId: string): Promise<{ reseller: Reseller; levels: PartnerLevel[] } | null>;
  levels(): Promise<PartnerLevel[]>;
  createReseller(input: { actor: StaffActor; request: ResellerCreateRequest }): Promise<ResellerCreateResult>;
  editReseller(input: { actor: StaffActor; partnerId: string; request: ResellerEditRequest; now: Date }): Promise<ResellerEditResult | Forbidden>;
  /** The next four serve an owner managing their own reseller's users too (flows/team). */
  listUsers(input: { actor: UsersActor; partnerId: string | null }): Promise<ListUsersResult>;
  resetPassword(input: { actor: UsersActor; username: string; now: Date }): Promise<ResetResult>;
  changeRole(input: { actor: UsersActor; username: string; role: string }): Promise<RoleResult>;
  removeUser(input: { actor: UsersActor; username: string; now: Date }): Promise<RemoveResult>;
}

export type PeopleCommand =
  /** Open the form to create a reseller (null) or edit the one with this partner id. */
  | { kind: 'people_form'; partnerId: string | null }
  | { kind: 'people_save'; form: ResellerForm; values: FormValues }
  | { kind: 'people_users'; scope: UserScope }
  | { kind: 'people_act'; scope: UserScope; action: PeopleAction };

/** Why a reseller was not created or edited (nothing was saved). */
export type SaveRefusal = Exclude<ResellerCreateResult, { kind: 'created' | 'forbidden' }> | Exclude<ResellerEditResult, { kind: 'edited' }>;
/** What a VAT ID check said when an edit saved a new one: null when the VAT ID did not change. */
export type VatCheckNote = 'valid' | 'unverified' | 'not_checked' | null;
export type SaveOutcome =
  | { kind: 'created' | 'edited'; card: ResellerView; details: ResellerDetails; vatCheck: VatCheckNote }
  | SaveRefusal
  | { kind: 'not_available' };

/** What an action on a user came to. */
export type ActOutcome =
  | { kind: 'code'; user: UserView; lines: string[] }
  | { kind: 'role_changed'; before: string; user: UserView }
  | { kind: 'removed'; user: UserView }
  | { kind: 'last_owner'; reseller: OwnersReseller }
  | { kind: 'not_found' | 'inactive' | 'same_role' | 'own_role' | 'last_admin' | 'yourself' | 'invalid_role' | 'username_taken' | 'invalid_username' | 'invalid_name' | 'other_reseller' | 'not_available' };

export type PeopleAnswer =
  | { kind: 'people_form'; partnerId: string | null; form: ResellerForm | null; available: boolean }
  | { kind: 'people_saved'; form: ResellerForm; values: FormValues; result: SaveOutcome }
  /** null: the reseller is gone, or users cannot be listed from the chat now. */
  | { kind: 'people_users'; scope: UserScope; users: UserView[] | null }
  | { kind: 'people_done'; scope: UserScope; action: PeopleAction; result: ActOutcome };

export type PeopleCommandKind = PeopleCommand['kind'];
export const PEOPLE_COMMANDS: readonly PeopleCommandKind[] = ['people_form', 'people_save', 'people_users', 'people_act'];

type AdminOnly = { kind: 'admin_only' };
export type PeopleCommandHandlers = { [C in PeopleCommandKind]: (command: Extract<PeopleCommand, { kind: C }>, env: AdminEnv) => Promise<PeopleAnswer | AdminOnly> };

/** A reseller's details as the form shows them. */
export const detailsOf = (r: Reseller): ResellerDetails => ({
  partnerId: r.partnerId, company: r.company, legalName: r.legalName, street: r.address?.street ?? null, postcode: r.address?.postcode ?? null, city: r.address?.city ?? null,
  country: r.country, vatId: r.vatId, vatRate: r.explicitVatRateBp === null ? null : percentOf(r.explicitVatRateBp), timezone: r.timezone, currency: r.currency, levelCode: r.levelCode,
});

export const userView = (u: UserSummary): UserView => ({ id: u.id, username: u.username, name: u.name, role: u.role, active: u.active });

/** The most users a list keeps (a reseller has a handful; the staff a few dozen). */
export const MAX_USERS = 100;

/** The fields typed into an edit, as the use case takes them (the partner id and company are not edited). */
function editRequest(values: FormValues): ResellerEditRequest {
  const { partnerId: _id, company: _company, ...rest } = values;
  return rest;
}

function vatNote(check: Extract<ResellerEditResult, { kind: 'edited' }>['vatIdCheck']): VatCheckNote {
  if (check === null || check === 'not_checked') return check;
  return check.kind === 'valid' ? 'valid' : 'unverified';
}

export const peopleCommands: PeopleCommandHandlers = {
  people_form: async (command, { ctx }) => {
    const desk = ctx.admin?.people;
    if (!desk) return { kind: 'people_form', partnerId: command.partnerId, form: null, available: false };
    if (command.partnerId === null) return { kind: 'people_form', partnerId: null, form: { mode: 'create', levels: (await desk.levels()).map((l) => l.code) }, available: true };
    const found = await desk.reseller(command.partnerId);
    const form: ResellerForm | null = found ? { mode: 'edit', reseller: detailsOf(found.reseller), card: resellerView(found.reseller), levels: found.levels.map((l) => l.code) } : null;
    return { kind: 'people_form', partnerId: command.partnerId, form, available: true };
  },
  people_save: async (command, { ctx, staff }) => {
    const { form, values } = command;
    const answer = (result: SaveOutcome): PeopleAnswer => ({ kind: 'people_saved', form, values, result });
    const desk = ctx.admin?.people;
    if (!desk) return answer({ kind: 'not_available' });
    if (form.mode === 'create') {
      const request: ResellerCreateRequest = { ...values, partnerId: values.partnerId ?? '', company: values.company ?? '', country: values.country ?? '', level: values.level ?? '' };
      const result = await desk.createReseller({ actor: actorOf(staff), request });
      if (result.kind === 'forbidden') return { kind: 'admin_only' };
      if (result.kind !== 'created') return answer(result);
      return answer({ kind: 'created', card: resellerView(result.reseller), details: detailsOf(result.reseller), vatCheck: null });
    }
    const result = await desk.editReseller({ actor: actorOf(staff), partnerId: form.reseller.partnerId, request: editRequest(values), now: ctx.now });
    if (result.kind === 'forbidden') return { kind: 'admin_only' };
    if (result.kind !== 'edited') return answer(result);
    return answer({ kind: 'edited', card: resellerView(result.after), details: detailsOf(result.after), vatCheck: vatNote(result.vatIdCheck) });
  },
  people_users: async (command, { ctx, staff }) => {
    const { scope } = command;
    const desk = ctx.admin?.people;
    if (!desk) return { kind: 'people_users', scope, users: null };
    const result = await desk.listUsers({ actor: actorOf(staff), partnerId: scope.kind === 'staff' ? null : scope.reseller.partnerId });
    if (result.kind !== 'listed') return { kind: 'people_users', scope, users: null };
    // The active first, then the removed, each by login name.
    return { kind: 'people_users', scope, users: usersInOrder(result.users) };
  },
  people_act: async (command, { ctx, staff }) => {
    const result = await actOn(command.action, actorOf(staff), ctx);
    return result === 'forbidden' ? { kind: 'admin_only' } : { kind: 'people_done', scope: command.scope, action: command.action, result };
  },
};

/** A list's users as shown: the active first, then the removed, each by login name. */
export function usersInOrder(users: readonly UserSummary[]): UserView[] {
  return [...users].sort((a, b) => Number(b.active) - Number(a.active) || a.username.localeCompare(b.username)).slice(0, MAX_USERS).map(userView);
}

/**
 * Does what an administrator (or an owner, on their own reseller's users: flows/team) confirmed,
 * through the Admin portal's use cases; 'forbidden' when the actor may not do it, as stored now.
 */
export async function actOn(action: PeopleAction, actor: UsersActor, ctx: InterpreterContext): Promise<ActOutcome | 'forbidden'> {
  const desk = ctx.admin?.people;
  const admin = ctx.admin;
  if (!desk || !admin) return { kind: 'not_available' };
  switch (action.kind) {
    case 'reset': {
      const result = await desk.resetPassword({ actor, username: action.user.username, now: ctx.now });
      if (result.kind === 'forbidden') return 'forbidden';
      if (result.kind !== 'reset') return { kind: result.kind };
      return { kind: 'code', user: userView(result.user), lines: invitationLines(result.user, result.code, result.expiresAt, admin.telegramBot) };
    }
    case 'role': {
      const result = await desk.changeRole({ actor, username: action.user.username, role: action.role });
      if (result.kind === 'forbidden') return 'forbidden';
      if (result.kind === 'last_owner') return result;
      if (result.kind !== 'role_changed') return { kind: result.kind };
      return { kind: 'role_changed', before: result.before.role, user: userView(result.after) };
    }
    case 'remove': {
      const result = await desk.removeUser({ actor, username: action.user.username, now: ctx.now });
      if (result.kind === 'forbidden') return 'forbidden';
      if (result.kind === 'last_owner') return result;
      if (result.kind !== 'removed') return { kind: result.kind };
      return { kind: 'removed', user: userView(result.user) };
    }
    case 'invite_staff': {
      const result = await admin.invite({ actor, username: action.username, name: action.name, role: action.role, partnerId: null, now: ctx.now });
      switch (result.kind) {
        case 'forbidden': return 'forbidden';
        case 'invited': return { kind: 'code', user: userView(result.user), lines: invitationLines(result.user, result.code, result.expiresAt, admin.telegramBot) };
        case 'username_taken':
        case 'invalid_username':
        case 'invalid_name':
        case 'invalid_role':
        case 'other_reseller':
          return { kind: result.kind };
        // A staff member is invited with a staff role and no reseller: these cannot come from the chat.
        case 'reseller_needed':
        case 'no_reseller_for_staff':
        case 'reseller_not_found':
          throw new Error(`staff invitation refused: ${result.kind}`);
        default: {
          const never: never = result;
          throw new Error(`unknown invitation result ${JSON.stringify(never)}`);
        }
      }
    }
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}
