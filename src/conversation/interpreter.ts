// Runs the step function's commands against the domain, inside the transaction of the input
// being handled, and turns each result into an answer for the step function.
import type { ResellerUser, Reseller } from '../domain/accounts/accounts';
import type { Channel, Order, PaymentMethod } from '../domain/orders/order';
import type { LicenseProvider, PasswordHasher, PaymentGateway, Repositories } from '../domain/ports';
import { addDays } from '../domain/pricing/dates';
import { endOfLocalDay } from '../domain/time-zones';
import { termEnd } from '../domain/pricing/license';
import { normaliseLicenseKey } from '../domain/pricing/license-key';
import { SNOOZE_DAYS } from '../domain/reminders/reminder-offsets';
import { priceListOn, yearlyRenewalPrice } from '../domain/pricing/catalog';
import { addToCart, cartTotals, emptyCart, removeFromCart } from '../domain/use-cases/cart';
import { checkCouponForCart, checkoutTotals, placeOrder, requoteCart } from '../domain/use-cases/checkout';
import { getDashboard, dismissNotice } from '../domain/use-cases/dashboard';
import { listLicenses, verifyLicenseKey } from '../domain/use-cases/licenses';
import { login } from '../domain/use-cases/login';
import { quoteRequest } from '../domain/use-cases/quotes';
import { settlePayment } from '../domain/use-cases/settle-payment';
import type { Answer, Command } from './commands';
import { PAGE_SIZE, type ChangeNote, type ConversationState, type Session } from './state';

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
  /** Builds the provider URLs of an order (return, cancel, notification). */
  paymentUrls?: (method: 'card' | 'multisafepay', orderNumber: number) => { returnUrl: string; cancelUrl: string; notificationUrl: string };
  /** Overrides the distributor's setting for how long an offline order waits for payment. */
  offlinePaymentDays?: number;
  channel: Channel;
  chatId: string;
  externalUserId: string;
  /** Runs `task` once the input's transaction has committed (queueing jobs about what it wrote). */
  afterCommit(task: () => Promise<void>): void;
  /** The job queues, for work that follows an input (an order with nothing to pay). */
  jobs?: { deliver(outboxIds: number[]): Promise<void>; fulfil(orderIds: string[]): Promise<void> };
}

/** Runs one command for the conversation in `state` and answers it. */
export async function interpret(command: Command, state: ConversationState, repos: Repositories, ctx: InterpreterContext): Promise<Answer> {
  if (command.kind === 'login') return runLogin(command, repos, ctx);
  if (command.kind === 'linked_session') return linkedSession(repos, ctx);
  // The session holds only while this chat is still logged in as its user (a log out in
  // another chat of the same person ends it here too) and the user is still active.
  const linked = state.session ? await repos.identities.userIn({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId }) : undefined;
  const account = state.session && linked === state.session.userId ? await currentAccount(repos, state.session.userId) : undefined;
  if (!account) return { kind: 'session_ended' };
  const { user, reseller } = account;
  switch (command.kind) {
    case 'logout':
      // Logged out everywhere on this channel: a group chat would otherwise log the user back in.
      await repos.identities.unlinkAll(ctx.channel, ctx.externalUserId);
      await repos.audit.append({ actor: `user:${user.id}`, action: 'user.logout', subject: null, details: { channel: ctx.channel } });
      return { kind: 'logged_out' };
    case 'menu':
      return { kind: 'menu', cartCount: (await repos.carts.lines(user.id)).length };
    case 'dashboard':
      return { kind: 'dashboard', dashboard: await getDashboard(repos, { user, today: ctx.today }) };
    case 'dismiss_notice':
      await dismissNotice(repos, { user, kind: command.notice, ref: command.ref });
      return { kind: 'dashboard', dashboard: await getDashboard(repos, { user, today: ctx.today }) };
    case 'verify': {
      const verification = await verifyLicenseKey(repos, ctx.licenses, { resellerId: reseller.id, typedKey: command.key, purpose: command.purpose, today: ctx.today });
      let yearlyCents: number | null = null;
      if (verification.kind === 'ok' && command.purpose !== 'upgrade') {
        const prices = priceListOn(await repos.prices.entries(), ctx.today);
        const l = verification.license;
        yearlyCents = yearlyRenewalPrice(prices, l) ?? null;
      }
      return { kind: 'verified', purpose: command.purpose, typedKey: command.key, verification, yearlyCents };
    }
    case 'customers':
      return { kind: 'customers', customers: await repos.customers.listFor(reseller.id) };
    case 'add_customer': {
      const customer = await repos.customers.add(reseller.id, command.company, null);
      const request = command.request.kind === 'new_license' ? { ...command.request, customerId: customer.id } : command.request;
      const quoted = await quoteRequest(repos, ctx.licenses, { resellerId: reseller.id, request, today: ctx.today });
      return { kind: 'quoted', request: quoted.request, result: quoted.result, customerName: customer.company };
    }
    case 'quote': {
      const quoted = await quoteRequest(repos, ctx.licenses, { resellerId: reseller.id, request: command.request, today: ctx.today });
      return { kind: 'quoted', request: quoted.request, result: quoted.result, customerName: await customerName(repos, reseller.id, quoted) };
    }
    case 'add_to_cart':
      return { kind: 'added', result: await addToCart(repos, ctx.licenses, { user, request: command.request, today: ctx.today }) };
    case 'cart':
      return cartAnswer(repos, user, reseller);
    case 'remove_line':
      await removeFromCart(repos, { user, lineId: command.lineId });
      return cartAnswer(repos, user, reseller);
    case 'empty_cart':
      await emptyCart(repos, { user });
      return cartAnswer(repos, user, reseller);
    case 'requote': {
      const before = await repos.carts.lines(user.id, { forUpdate: true });
      const requoted = await requoteCart(repos, ctx.licenses, { user, today: ctx.today });
      return { kind: 'requoted', changes: notes(before, requoted.changes), lines: requoted.lines, totals: cartTotals(requoted.lines, reseller, null), methods: ctx.paymentMethods };
    }
    case 'check_coupon': {
      const lines = await repos.carts.lines(user.id);
      const check = await checkCouponForCart(repos, { reseller, code: command.code, lines, today: ctx.today });
      return { kind: 'coupon_checked', code: command.code, check, totals: checkoutTotals(lines, reseller, check) };
    }
    case 'place_order':
      return placeOrderAnswer(command, repos, ctx, user, reseller);
    case 'reminders': {
      const key = normaliseLicenseKey(command.key);
      const license = key.kind === 'ok' ? await repos.licenses.findByKey(key.key) : undefined;
      if (!license || license.resellerId !== reseller.id) return { kind: 'reminders_changed', result: { kind: 'not_found' } };
      if (command.change === 'stop') {
        await repos.reminders.stop(license.id, `user:${user.id}`);
        return { kind: 'reminders_changed', result: { kind: 'stopped', key: license.key } };
      }
      const until = addDays(ctx.today, SNOOZE_DAYS);
      await repos.reminders.snooze(license.id, user.id, termEnd(license) ?? ctx.today, until);
      return { kind: 'reminders_changed', result: { kind: 'snoozed', key: license.key, until } };
    }
    case 'licenses': {
      const page = await pageWithin(command.page, (offset) => listLicenses(repos, reseller.id, { offset, limit: PAGE_SIZE }));
      return { kind: 'licenses', page: page.page, result: page.result };
    }
    case 'invoices': {
      const page = await pageWithin(command.page, (offset) => repos.invoices.listFor(reseller.id, { offset, limit: PAGE_SIZE }));
      return { kind: 'invoices', page: page.page, result: page.result };
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

async function runLogin(command: Extract<Command, { kind: 'login' }>, repos: Repositories, ctx: InterpreterContext): Promise<Answer> {
  const result = await login(repos, ctx.hasher, { username: command.username, password: command.password, now: ctx.now });
  if (result.kind === 'wrong_credentials') return { kind: 'login_refused', reason: 'wrong_credentials' };
  if (result.kind === 'locked') return { kind: 'login_refused', reason: 'locked', until: result.until.toISOString() };
  const reseller = await repos.resellers.get(result.user.resellerId);
  if (!reseller) return { kind: 'login_refused', reason: 'wrong_credentials' };
  await repos.identities.link({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId }, result.user.id);
  const distributor = await repos.distributor.get();
  return { kind: 'logged_in', session: sessionOf(result.user, reseller, distributor.currency, (await repos.carts.lines(result.user.id)).length) };
}

/** The session of a user who logged in on this channel in another chat (a group member who logged in privately). */
async function linkedSession(repos: Repositories, ctx: InterpreterContext): Promise<Answer> {
  const userId = await repos.identities.linkedUser(ctx.channel, ctx.externalUserId);
  const account = userId ? await currentAccount(repos, userId) : undefined;
  if (!account) return { kind: 'login_refused', reason: 'private_only' };
  await repos.identities.link({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId }, account.user.id);
  const distributor = await repos.distributor.get();
  return { kind: 'logged_in', session: sessionOf(account.user, account.reseller, distributor.currency, (await repos.carts.lines(account.user.id)).length) };
}

function sessionOf(user: ResellerUser, reseller: Reseller, currency: string, cartCount: number): Session {
  return { userId: user.id, name: user.name, role: user.role, company: reseller.company, cartCount, currency, discountBp: reseller.discountBp, vatBp: reseller.vatRateBp };
}

/** The logged-in user as stored now: a deactivated user or a deleted account ends the session. */
async function currentAccount(repos: Repositories, userId: string): Promise<{ user: ResellerUser; reseller: Reseller } | undefined> {
  const user = await repos.users.get(userId);
  if (!user || !user.active) return undefined;
  const reseller = await repos.resellers.get(user.resellerId);
  return reseller ? { user, reseller } : undefined;
}

async function cartAnswer(repos: Repositories, user: ResellerUser, reseller: Reseller): Promise<Answer> {
  const lines = await repos.carts.lines(user.id);
  return { kind: 'cart', lines, totals: cartTotals(lines, reseller, null) };
}

async function customerName(repos: Repositories, resellerId: string, quoted: Awaited<ReturnType<typeof quoteRequest>>): Promise<string | null> {
  if (quoted.request.kind === 'new_license') {
    return quoted.request.customerId ? (await repos.customers.get(resellerId, quoted.request.customerId))?.company ?? null : null;
  }
  const license = await repos.licenses.findByKey(quoted.request.licenseKey);
  return license && license.resellerId === resellerId ? license.customerName ?? null : null;
}

function notes(before: Array<{ id: string; quote: { description: string } }>, changes: ChangeNote['change'][]): ChangeNote[] {
  return changes.map((change) => ({ description: before.find((l) => l.id === change.lineId)?.quote.description ?? '', change }));
}

async function pageWithin<T>(requested: number, load: (offset: number) => Promise<{ items: T[]; total: number }>) {
  const page = Math.max(0, Math.floor(requested));
  const result = await load(page * PAGE_SIZE);
  if (result.items.length > 0 || page === 0) return { page, result };
  // The list shrank since the page was shown: show its last page instead.
  const last = Math.max(0, Math.ceil(result.total / PAGE_SIZE) - 1);
  return { page: last, result: await load(last * PAGE_SIZE) };
}

async function placeOrderAnswer(command: Extract<Command, { kind: 'place_order' }>, repos: Repositories, ctx: InterpreterContext, user: ResellerUser, reseller: Reseller): Promise<Answer> {
  if (!ctx.paymentMethods.includes(command.method)) return { kind: 'order', result: { kind: 'method_unavailable' } };
  const distributor = await repos.distributor.get();
  const days = ctx.offlinePaymentDays ?? distributor.offlinePaymentDays;
  const expiresAt = command.method === 'offline' ? endOfLocalDay(addDays(ctx.today, days), ctx.timeZone) : new Date(ctx.now.getTime() + 24 * 3600_000);
  const before = await repos.carts.lines(user.id, { forUpdate: true });
  const result = await placeOrder(repos, ctx.licenses, {
    user, reseller, currency: distributor.currency, method: command.method, couponCode: command.couponCode,
    confirmedTotalCents: command.confirmedTotalCents,
    idempotencyKey: `${ctx.channel}:${ctx.chatId}:${ctx.externalUserId}:${command.attempt}`,
    channel: ctx.channel, chatId: ctx.chatId, now: ctx.now, today: ctx.today, expiresAt,
  });
  switch (result.kind) {
    case 'placed':
    case 'already_placed': {
      const o = result.order;
      if (result.kind === 'placed' && o.totalCents === 0) await settleNothingToPay(repos, ctx, user, o);
      const paymentUrl = o.paymentMethod === 'offline' ? null : await openCheckout(repos, ctx, o, result.kind === 'already_placed');
      return {
        kind: 'order',
        result: {
          kind: 'placed', alreadyPlaced: result.kind === 'already_placed', bankDetails: distributor.bankAccounts,
          order: { number: o.number, reference: o.paymentReference, method: o.paymentMethod, totalCents: o.totalCents, currency: o.currency, expiresAt: o.expiresAt?.toISOString() ?? null, paymentUrl },
        },
      };
    }
    case 'changed':
      return { kind: 'order', result: { kind: 'changed', changes: notes(before, result.changes), totals: checkoutTotals(result.lines, reseller, null) } };
    case 'coupon_refused':
      return { kind: 'order', result: { kind: 'coupon_refused', check: result.check, totals: checkoutTotals(before, reseller, null) } };
    case 'total_changed':
      return { kind: 'order', result: { kind: 'total_changed', totals: result.totals, couponCode: command.couponCode } };
    case 'cart_empty':
      return { kind: 'order', result: { kind: 'cart_empty' } };
    case 'not_allowed':
      return { kind: 'order', result: { kind: 'not_allowed' } };
    default: {
      const never: never = result;
      throw new Error(`unknown place result ${JSON.stringify(never)}`);
    }
  }
}

/**
 * An order with nothing to pay (a coupon covering it all) is paid when it is placed, in the
 * same transaction: fulfilled here with the sandbox, placed at 3CX by a job after the commit.
 * The user's message is queued once the transaction has committed (the maintenance sweep
 * queues it again, or the order's placement, should that fail).
 */
async function settleNothingToPay(repos: Repositories, ctx: InterpreterContext, user: ResellerUser, order: Order): Promise<void> {
  const settled = await settlePayment(repos, ctx.licenses, {
    orderId: order.id, method: 'offline', providerRef: `no-payment-due-${order.number}`, confirmedBy: `user:${user.id}`, at: ctx.now, today: ctx.today,
    payment: { outcome: 'completed', providerStatus: 'no_payment_due', amountCents: 0, currency: order.currency },
  });
  const { jobs } = ctx;
  if (!jobs) return;
  if (settled.kind === 'fulfilled') ctx.afterCommit(() => jobs.deliver(settled.outbox));
  if (settled.kind === 'awaiting_placement') ctx.afterCommit(() => jobs.fulfil([order.id]));
}

/**
 * Opens the hosted payment page of a card or MultiSafepay order and records it. Called in the
 * transaction that placed the order: if the provider cannot be reached, the error undoes the
 * order and the user is told nothing was ordered. A repeated confirmation reuses the page.
 */
async function openCheckout(repos: Repositories, ctx: InterpreterContext, order: Order, alreadyPlaced: boolean): Promise<string | null> {
  const method = order.paymentMethod as 'card' | 'multisafepay';
  if (alreadyPlaced) {
    const open = (await repos.payments.forOrder(order.id)).find((p) => p.method === method && p.paymentUrl);
    if (open?.paymentUrl) return open.paymentUrl;
  }
  const gateway = ctx.gateways?.[method];
  if (!gateway || !ctx.paymentUrls) throw new Error(`payment method ${method} is offered but not configured`);
  const checkout = await gateway.createCheckout(order, ctx.paymentUrls(method, order.number));
  await repos.payments.upsert({
    orderId: order.id, method, providerRef: checkout.providerRef, status: 'initialized', amountCents: order.totalCents,
    currency: order.currency, confirmedBy: null, details: {}, paymentUrl: checkout.paymentUrl,
  });
  return checkout.paymentUrl;
}
