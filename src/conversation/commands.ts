// What the flows ask the domain (commands) and what it answers, gathered from every flow, and
// the shape of a command's handler. Each flow's commands and their handlers are in its
// commands.ts; the interpreter dispatches over them.
import type { Reseller, ResellerUser } from '../domain/accounts/accounts';
import type { Repositories } from '../domain/ports';
import type { AdminAnswer, AdminCommand } from './flows/admin/commands';
import type { CatalogueAnswer, CatalogueCommand } from './flows/admin-catalogue/commands';
import type { ApprovalsAnswer, ApprovalsCommand } from './flows/approvals/commands';
import type { CartAnswer, CartCommand } from './flows/cart/commands';
import type { CustomerQuoteAnswer, CustomerQuoteCommand } from './flows/customer-quote/commands';
import type { CustomersAnswer, CustomersCommand } from './flows/customers/commands';
import type { CheckoutAnswer, CheckoutCommand } from './flows/checkout/commands';
import type { DashboardAnswer, DashboardCommand } from './flows/dashboard/commands';
import type { InvoicesAnswer, InvoicesCommand } from './flows/invoices/commands';
import type { LicenseKeyAnswer, LicenseKeyCommand } from './flows/license-key/commands';
import type { LicensesAnswer, LicensesCommand } from './flows/licenses/commands';
import type { LoginAnswer, LoginCommand } from './flows/login/commands';
import type { MenuAnswer, MenuCommand } from './flows/menu/commands';
import type { NewLicenseAnswer, NewLicenseCommand } from './flows/new-license/commands';
import type { NotificationsAnswer, NotificationsCommand } from './flows/notifications/commands';
import type { OrdersAnswer, OrdersCommand } from './flows/orders/commands';
import type { PeopleAnswer, PeopleCommand } from './flows/people/commands';
import type { QuoteAnswer, QuoteCommand } from './flows/quote/commands';
import type { StaffAnswer, StaffCommand } from './flows/staff/commands';
import type { TeamAnswer, TeamCommand } from './flows/team/commands';
import type { InterpreterContext } from './interpreter';
import type { ConversationState } from './state';

/** What the step function asks the domain to do; the interpreter runs it and answers. */
export type Command =
  | LoginCommand | MenuCommand | DashboardCommand | LicenseKeyCommand | NewLicenseCommand | QuoteCommand
  | CartCommand | CheckoutCommand | LicensesCommand | InvoicesCommand | OrdersCommand | NotificationsCommand | ApprovalsCommand | CustomerQuoteCommand | StaffCommand | AdminCommand
  | CatalogueCommand
  | PeopleCommand
  | TeamCommand
  | CustomersCommand;

/** What the domain answered. */
export type Answer =
  | LoginAnswer | MenuAnswer | DashboardAnswer | LicenseKeyAnswer | NewLicenseAnswer | QuoteAnswer
  | CartAnswer | CheckoutAnswer | LicensesAnswer | InvoicesAnswer | OrdersAnswer | NotificationsAnswer | ApprovalsAnswer | CustomerQuoteAnswer | StaffAnswer | AdminAnswer
  | CatalogueAnswer
  | PeopleAnswer
  | TeamAnswer
  | CustomersAnswer;

/** What a command's handler works with. */
export interface CommandEnv {
  repos: Repositories;
  ctx: InterpreterContext;
  state: ConversationState;
}

/** The same, for a command of a logged-in user: the user and reseller as stored now. */
export interface AccountEnv extends CommandEnv {
  user: ResellerUser;
  reseller: Reseller;
}

/** Handlers of commands that need a logged-in user, by command kind. */
export type CommandHandlers<K extends Command['kind']> = {
  [C in K]: (command: Extract<Command, { kind: C }>, env: AccountEnv) => Promise<Answer>;
};

/** Handlers of commands that run before anyone is logged in (logging in). */
export type PublicCommandHandlers<K extends Command['kind']> = {
  [C in K]: (command: Extract<Command, { kind: C }>, env: CommandEnv) => Promise<Answer>;
};
