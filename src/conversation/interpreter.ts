// Runs the step function's commands against the domain, inside the transaction of the input
// being handled, and turns each result into an answer for the step function. Each flow's
// commands are handled in its commands.ts; this checks the session and dispatches.
import type { Channel, PaymentMethod } from '../domain/orders/order';
import type { ChatLogin, DocumentRenderer, LicenseProvider, PasswordHasher, PaymentGateway, Repositories } from '../domain/ports';
import type { Answer, Command, CommandHandlers, PublicCommandHandlers } from './commands';
import { ADMIN_COMMANDS, adminCommands, type AdminCommandKind, type AdminDesk, type AdminEnv } from './flows/admin/commands';
import { approvalsCommands } from './flows/approvals/commands';
import { CATALOGUE_COMMANDS, catalogueCommands, type CatalogueCommandKind } from './flows/admin-catalogue/commands';
import { cartCommands } from './flows/cart/commands';
import { checkoutCommands } from './flows/checkout/commands';
import { customerQuoteCommands } from './flows/customer-quote/commands';
import { customersCommands } from './flows/customers/commands';
import { dashboardCommands } from './flows/dashboard/commands';
import { invoicesCommands } from './flows/invoices/commands';
import { licenseKeyCommands } from './flows/license-key/commands';
import { licensesCommands } from './flows/licenses/commands';
import { loginCommands, logoutCommands } from './flows/login/commands';
import { menuCommands } from './flows/menu/commands';
import { newLicenseCommands } from './flows/new-license/commands';
import { notificationsCommands } from './flows/notifications/commands';
import { ordersCommands } from './flows/orders/commands';
import { PEOPLE_COMMANDS, peopleCommands, type PeopleCommandKind } from './flows/people/commands';
import { teamCommands } from './flows/team/commands';
import { quoteCommands } from './flows/quote/commands';
import { currentStaff, logOutStaff, STAFF_COMMANDS, staffCommands, type StaffCommand, type StaffCommandKind } from './flows/staff/commands';
import { resellerOf } from './session';
import type { ConversationState } from './state';
import type { InvitationDesk } from './flows/login/invitation';

/** What the interpreter needs besides the repositories. */
export interface InterpreterContext {
  licenses: LicenseProvider;
  hasher: PasswordHasher;
  now: Date;
  today: string;
  /** The distributor's time zone: an offline order may be paid until the end of its last day there. */
  timeZone: string;
  /** The payment methods configured; offline bank transfer is always one of them. */
  paymentMethods: PaymentMethod[];
  /** Hosted payment pages for the online methods that are configured. */
  gateways?: Partial<Record<'card' | 'multisafepay', PaymentGateway>>;
  /** Checks and uses an administrator's one-time codes (absent: codes are not taken). */
  invitations?: InvitationDesk;
  /** The Admin portal's use cases, for an administrator's commands and an owner's team (absent: they are not available). */
  admin?: AdminDesk;
  /** Makes the invoice, credit-note and quote PDFs (absent: documents cannot be sent). */
  documents?: DocumentRenderer;
  /** Builds the provider URLs of an order (return, cancel, notification). */
  paymentUrls?: (method: 'card' | 'multisafepay', orderNumber: number) => { returnUrl: string; cancelUrl: string; notificationUrl: string };
  /** Overrides the distributor's setting for how long an offline order waits for payment. */
  offlinePaymentDays?: number;
  /** STAFF_CHAT: the staff's group, where a member of staff logged in privately is recognised (absent: in no group). */
  staffChat?: { channel: Channel; chatId: string };
  channel: Channel;
  chatId: string;
  externalUserId: string;
  /** Runs `task` once the input's transaction has committed (queueing jobs about what it wrote). */
  afterCommit(task: () => Promise<void>): void;
  /** The job queues, for work that follows an input (an order with nothing to pay). */
  jobs?: { deliver(outboxIds: number[]): Promise<void>; fulfil(orderIds: string[]): Promise<void> };
}

type PublicKind = keyof typeof loginCommands;
const PUBLIC: PublicCommandHandlers<PublicKind> = loginCommands;
const isPublic = (kind: Command['kind']): kind is PublicKind => kind in PUBLIC;

const FOR_ACCOUNTS: CommandHandlers<Exclude<Command['kind'], PublicKind | StaffCommandKind | AdminCommandKind | CatalogueCommandKind | PeopleCommandKind>> = {
  ...logoutCommands, ...menuCommands, ...dashboardCommands, ...licenseKeyCommands, ...newLicenseCommands, ...quoteCommands,
  ...cartCommands, ...checkoutCommands, ...licensesCommands, ...invoicesCommands, ...ordersCommands, ...notificationsCommands, ...approvalsCommands, ...customerQuoteCommands,
  ...teamCommands,
  ...customersCommands,
};

type Handler<E> = (command: Command, env: E) => Promise<Answer>;

/**
 * Runs one command for the conversation in `state` and answers it. `known` is who the chat
 * was logged in as when the conversation was loaded (in the same statement): it spares a
 * query when it confirms the session, and is read again when it does not.
 */
export async function interpret(command: Command, state: ConversationState, repos: Repositories, ctx: InterpreterContext, known?: ChatLogin): Promise<Answer> {
  if (isPublic(command.kind)) {
    return (PUBLIC[command.kind] as Handler<{ repos: Repositories; ctx: InterpreterContext; state: ConversationState }>)(command, { repos, ctx, state });
  }
  const isStaffCommand = (STAFF_COMMANDS as readonly string[]).includes(command.kind) || isAdminCommand(command.kind);
  if (state.session?.account === 'staff') return forStaff(command, state, { repos, ctx, state });
  // A reseller's user reaches no staff command, whatever its state says.
  if (isStaffCommand) return { kind: 'not_allowed' };
  const account = await sessionAccount(state, repos, ctx, known);
  if (!account) return { kind: 'session_ended' };
  const handle = FOR_ACCOUNTS[command.kind as keyof typeof FOR_ACCOUNTS] as Handler<Parameters<(typeof FOR_ACCOUNTS)['menu']>[1]>;
  return handle(command, { repos, ctx, state, ...account });
}

/**
 * A command of a staff session: only while this chat is still logged in as that member of staff,
 * who is still active; a staff session runs the staff flow's commands and logging out, nothing
 * of a reseller's (no orders, no cart).
 */
async function forStaff(command: Command, state: ConversationState, env: { repos: Repositories; ctx: InterpreterContext; state: ConversationState }): Promise<Answer> {
  const session = state.session?.account === 'staff' ? state.session : undefined;
  const staff = session ? await currentStaff(env, session) : undefined;
  if (!staff) return { kind: 'session_ended' };
  if (command.kind === 'logout') {
    await logOutStaff(env, staff);
    return { kind: 'logged_out' };
  }
  if (isAdminCommand(command.kind)) {
    // The role as stored now: an administrator made staff meanwhile is refused.
    if (staff.role !== 'admin') return { kind: 'admin_only' };
    const admin = ({ ...adminCommands, ...catalogueCommands, ...peopleCommands })[command.kind] as (command: Command, env: AdminEnv) => Promise<Answer>;
    return admin(command, { ...env, staff });
  }
  if (!(STAFF_COMMANDS as readonly string[]).includes(command.kind)) return { kind: 'not_allowed' };
  const handle = staffCommands[command.kind as StaffCommandKind] as (command: StaffCommand, env: Parameters<(typeof staffCommands)['staff_menu']>[1]) => Promise<Answer>;
  return handle(command as StaffCommand, { ...env, staff });
}

// The catalogue's commands (levels, prices, coupons, broadcasts) and the people's (resellers' details, users, staff) are administrators' commands too.
const isAdminCommand = (kind: Command['kind']): kind is AdminCommandKind | CatalogueCommandKind | PeopleCommandKind => ([...ADMIN_COMMANDS, ...CATALOGUE_COMMANDS, ...PEOPLE_COMMANDS] as readonly string[]).includes(kind);

/**
 * The session's account: the session holds only while this chat is still logged in as its
 * user (a log out in another chat of the same person ends it here too) and the user is still
 * active. What was read with the conversation may be older than its lock (an input just
 * before logged in), so a `known` login that does not confirm the session is read again.
 */
async function sessionAccount(state: ConversationState, repos: Repositories, ctx: InterpreterContext, known: ChatLogin | undefined): Promise<ChatLogin['account']> {
  const session = resellerOf(state);
  if (!session) return undefined;
  // A suspended reseller's session ends too (its users are told so when they log in again).
  const holding = (login: ChatLogin) => (login.userId === session.userId && login.account?.user.active && !login.account.reseller.suspendedAt ? login.account : undefined);
  return (known && holding(known)) ?? holding(await repos.identities.loginIn({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId }));
}
