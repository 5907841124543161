// The table of flows: every step, answer and intent is handled by exactly one flow, and the
// dispatchers (step.ts, views.ts, interpreter.ts) look them up here. A new flow is a folder
// beside these and one line in each table.
import type { AnswerHandlers, IntentHandlers, StepDef } from '../flow';
import type { Answer } from '../commands';
import type { Intent } from '../intents/intent';
import type { Step, StepName } from '../state';
import { adminFlow } from './admin/steps';
import { catalogueFlow } from './admin-catalogue/steps';
import { approvalsFlow } from './approvals/steps';
import { cartFlow } from './cart/steps';
import { checkoutFlow } from './checkout/steps';
import { customerQuoteFlow } from './customer-quote/steps';
import { customersFlow } from './customers/steps';
import { dashboardFlow } from './dashboard/steps';
import { helpFlow } from './help/steps';
import { invoicesFlow } from './invoices/steps';
import { licenseKeyFlow } from './license-key/steps';
import { licensesFlow } from './licenses/steps';
import { loginFlow } from './login/steps';
import { menuFlow } from './menu/steps';
import { newLicenseFlow } from './new-license/steps';
import { ordersFlow } from './orders/steps';
import { notificationsFlow } from './notifications/steps';
import { peopleFlow } from './people/steps';
import { quoteFlow } from './quote/steps';
import { renewFlow } from './renew/steps';
import { staffFlow } from './staff/steps';
import { teamFlow } from './team/steps';
import { upgradeFlow } from './upgrade/steps';

export const FLOWS = [
  loginFlow, menuFlow, dashboardFlow, newLicenseFlow, licenseKeyFlow, upgradeFlow, renewFlow, quoteFlow,
  cartFlow, checkoutFlow, licensesFlow, invoicesFlow, ordersFlow, helpFlow, notificationsFlow, approvalsFlow, customerQuoteFlow, staffFlow, adminFlow,
  catalogueFlow,
  peopleFlow,
  teamFlow,
  customersFlow,
] as const;

/** Every step, by name (the type makes sure none is missing). */
export const STEPS: { [N in StepName]: StepDef<Extract<Step, { name: N }>> } = {
  ...loginFlow.steps, ...menuFlow.steps, ...dashboardFlow.steps, ...newLicenseFlow.steps, ...licenseKeyFlow.steps,
  ...upgradeFlow.steps, ...renewFlow.steps, ...quoteFlow.steps, ...cartFlow.steps, ...checkoutFlow.steps,
  ...licensesFlow.steps, ...invoicesFlow.steps, ...ordersFlow.steps, ...helpFlow.steps, ...approvalsFlow.steps, ...customerQuoteFlow.steps, ...staffFlow.steps, ...adminFlow.steps,
  ...catalogueFlow.steps,
  ...peopleFlow.steps,
  ...teamFlow.steps,
  ...customersFlow.steps,
};

/** Every answer of the domain, by kind, with the flow that takes it. */
export const ANSWERS: AnswerHandlers<Answer['kind']> = {
  ...loginFlow.answers, ...menuFlow.answers, ...dashboardFlow.answers, ...newLicenseFlow.answers, ...licenseKeyFlow.answers,
  ...quoteFlow.answers, ...cartFlow.answers, ...checkoutFlow.answers, ...licensesFlow.answers, ...invoicesFlow.answers, ...ordersFlow.answers,
  ...notificationsFlow.answers, ...approvalsFlow.answers, ...customerQuoteFlow.answers, ...staffFlow.answers, ...adminFlow.answers,
  ...catalogueFlow.answers,
  ...peopleFlow.answers,
  ...teamFlow.answers,
  ...customersFlow.answers,
};

/** Every stated intent, by kind, with the flow that takes it. */
export const INTENTS: IntentHandlers<Intent['kind']> = {
  ...menuFlow.intents, ...newLicenseFlow.intents, ...upgradeFlow.intents, ...renewFlow.intents, ...licensesFlow.intents, ...approvalsFlow.intents, ...ordersFlow.intents,
};
