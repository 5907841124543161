// Checkout against the domain: the cart priced again, a coupon checked, the order placed (and
// its hosted payment page opened, or, with nothing to pay, settled at once). A payment page is
// opened with no transaction open (payment-page.ts): the order is placed and
// committed first, waiting for its payment; the page is then asked of the provider; and what it
// answered is recorded in a short transaction of its own.
import type { ResellerUser } from '../../../domain/accounts/accounts';
import type { Order, PaymentMethod } from '../../../domain/orders/order';
import type { CartLine } from '../../../domain/pricing/cart';
import type { CouponCheck } from '../../../domain/pricing/coupon';
import { addDays } from '../../../domain/pricing/dates';
import type { Totals } from '../../../domain/pricing/totals';
import { endOfLocalDay } from '../../../domain/time-zones';
import { cartTotals } from '../../../domain/use-cases/cart';
import { checkCouponForCart, checkoutTotals, placeOrder, requoteCart } from '../../../domain/use-cases/checkout';
import { settlePayment } from '../../../domain/use-cases/settle-payment';
import type { AccountEnv, Answer, CommandHandlers } from '../../commands';
import type { InterpreterContext } from '../../interpreter';
import { t } from '../../wording';
import type { ChangeNote, PlacedOrder } from './steps';
import type { BankDetails } from '../../../domain/dashboard/dashboard';
import type { Repositories } from '../../../domain/ports';
import { answerOfPlaced, paymentPage, recordPaymentPage, type PageToOpen } from './payment-page';

export type { PageToOpen } from './payment-page';

export type CheckoutCommand =
  | { kind: 'requote' }
  | { kind: 'check_coupon'; code: string }
  | { kind: 'place_order'; method: PaymentMethod; couponCode: string | null; confirmedTotalCents: number; attempt: number }
  /** Run by the engine with no transaction open (after the one that decided it has committed): see openPaymentPage. */
  | { kind: 'open_payment_page'; page: PageToOpen }
  /** What the provider answered (`opened`: null when it failed or did not answer), recorded in a transaction of its own. */
  | { kind: 'record_payment_page'; page: PageToOpen; opened: { providerRef: string; paymentUrl: string } | null };

/** An order placed, as the user is shown it. */
export type PlacedAnswer = { kind: 'placed'; order: PlacedOrder; bankDetails: BankDetails; alreadyPlaced: boolean };

/** Why a coupon cannot be used. */
export type RefusedCoupon = Exclude<CouponCheck, { kind: 'ok' }>;

/** Changed prices that stopped an order or a request for approval, as the user is shown them. */
export type ChangedAnswer = { kind: 'changed'; changes: ChangeNote[]; totals: Totals; lapsedCoupon?: RefusedCoupon };

/** The outcome of placing an order, as the conversation needs it. */
export type OrderAnswer =
  | PlacedAnswer
  | ChangedAnswer
  | { kind: 'coupon_refused'; check: RefusedCoupon; totals: Totals }
  | { kind: 'total_changed'; totals: Totals; couponCode: string | null }
  | { kind: 'cart_empty' }
  | { kind: 'method_unavailable' }
  | { kind: 'not_allowed' };

export type CheckoutAnswer =
  | { kind: 'requoted'; changes: ChangeNote[]; lines: CartLine[]; totals: Totals; methods: PaymentMethod[] }
  | { kind: 'coupon_checked'; code: string; check: CouponCheck; totals: Totals }
  | { kind: 'order'; result: OrderAnswer }
  /** The order waits (committed with this answer's transaction); its page is to be opened. */
  | { kind: 'payment_page_needed'; page: PageToOpen }
  /**
   * No page was opened: the provider failed or did not answer (`provider`), or the order stopped
   * waiting for payment meanwhile (`not_waiting`). The order is as it was: waiting, or paid or
   * cancelled by then.
   */
  | { kind: 'payment_page_failed'; orderId: string; number: number; why: 'provider' | 'not_waiting'; page: PageToOpen };

export const checkoutCommands: CommandHandlers<CheckoutCommand['kind']> = {
  requote: async (_command, { repos, ctx, user, reseller }) => {
    const before = await repos.carts.lines(user.id, { forUpdate: true });
    const requoted = await requoteCart(repos, ctx.licenses, { user, today: ctx.today });
    return { kind: 'requoted', changes: notes(before, requoted.changes), lines: requoted.lines, totals: cartTotals(requoted.lines, reseller, null), methods: ctx.paymentMethods };
  },
  check_coupon: async (command, { repos, ctx, user, reseller }) => {
    const lines = await repos.carts.lines(user.id);
    const check = await checkCouponForCart(repos, { reseller, code: command.code, lines, today: ctx.today });
    return { kind: 'coupon_checked', code: command.code, check, totals: checkoutTotals(lines, reseller, check) };
  },
  place_order: (command, env) => placeOrderAnswer(command, env),
  open_payment_page: () => {
    // The engine runs it outside the input's transaction (openPaymentPage); never in one.
    throw new Error('open_payment_page is run with no transaction open, not by the interpreter');
  },
  record_payment_page: (command, env) => recordPaymentPage(command, env),
};

/** Each change with the line it is about, as the user saw it before. */
function notes(before: CartLine[], changes: ChangeNote['change'][]): ChangeNote[] {
  return changes.flatMap((change) => {
    const line = before.find((l) => l.id === change.lineId);
    return line ? [{ quote: line.quote, change }] : [];
  });
}

async function placeOrderAnswer(command: Extract<CheckoutCommand, { kind: 'place_order' }>, { repos, ctx, user, reseller }: AccountEnv): Promise<Answer> {
  if (!ctx.paymentMethods.includes(command.method)) return { kind: 'order', result: { kind: 'method_unavailable' } };
  const distributor = await repos.distributor.get();
  const before = await repos.carts.lines(user.id, { forUpdate: true });
  const result = await placeOrder(repos, ctx.licenses, {
    user, reseller, currency: distributor.currency, method: command.method, couponCode: command.couponCode,
    confirmedTotalCents: command.confirmedTotalCents,
    idempotencyKey: `${ctx.channel}:${ctx.chatId}:${ctx.externalUserId}:${command.attempt}`,
    channel: ctx.channel, chatId: ctx.chatId, now: ctx.now, today: ctx.today, expiresAt: paymentDeadline(ctx, command.method, distributor.offlinePaymentDays),
    describeLine: t.describeLine,
  });
  switch (result.kind) {
    case 'placed':
    case 'already_placed':
      return placedAnswer(repos, ctx, user, result.order, result.kind === 'already_placed', 'checkout');
    case 'changed':
      return { kind: 'order', result: await changedAnswer({ repos, ctx, reseller }, before, result, command.couponCode) };
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
 * Changed prices that stopped an order or a request for approval: each change with its line as
 * the user saw it (`before`), and the new total without a coupon. They stop it before its
 * coupon is checked, so a coupon that no longer applies to the new prices (expired meanwhile,
 * used up, below its minimum) is checked here and said with them.
 */
export async function changedAnswer(
  { repos, ctx, reseller }: Pick<AccountEnv, 'repos' | 'ctx' | 'reseller'>,
  before: CartLine[],
  stopped: { changes: ChangeNote['change'][]; lines: CartLine[] },
  couponCode: string | null,
): Promise<ChangedAnswer> {
  const coupon = couponCode ? await checkCouponForCart(repos, { reseller, code: couponCode, lines: stopped.lines, today: ctx.today }) : undefined;
  const lapsedCoupon = coupon && coupon.kind !== 'ok' ? { lapsedCoupon: coupon } : {};
  return { kind: 'changed', changes: notes(before, stopped.changes), totals: checkoutTotals(stopped.lines, reseller, null), ...lapsedCoupon };
}

/** Until when an order waits for its payment: a bank transfer to the end of its last day, a payment page a day. */
export function paymentDeadline(ctx: InterpreterContext, method: PaymentMethod, distributorDays: number): Date {
  const days = ctx.offlinePaymentDays ?? distributorDays;
  return method === 'offline' ? endOfLocalDay(addDays(ctx.today, days), ctx.timeZone) : new Date(ctx.now.getTime() + 24 * 3600_000);
}

/**
 * A placed order as the user is shown it (`flow`'s answer): with nothing to pay it is settled
 * at once; a card or MultiSafepay order gets its payment page, reused when the same
 * confirmation comes again, and otherwise opened once this transaction has committed
 * (payment_page_needed).
 */
export async function placedAnswer(repos: Repositories, ctx: InterpreterContext, user: ResellerUser, o: Order, alreadyPlaced: boolean, flow: 'checkout' | 'approvals'): Promise<Answer> {
  if (!alreadyPlaced && o.totalCents === 0) await settleNothingToPay(repos, ctx, user, o);
  const distributor = await repos.distributor.get();
  const placed = (paymentUrl: string | null): PlacedAnswer => ({
    kind: 'placed', alreadyPlaced, bankDetails: distributor.bankAccounts,
    order: { number: o.number, reference: o.paymentReference, method: o.paymentMethod, totalCents: o.totalCents, currency: o.currency, expiresAt: o.expiresAt?.toISOString() ?? null, paymentUrl },
  });
  const page = o.paymentMethod === 'offline' ? undefined : await paymentPage(repos, ctx, o, alreadyPlaced);
  if (page?.kind === 'needed') return { kind: 'payment_page_needed', page: { ...page.page, then: { kind: 'placed', flow, answer: placed(null) } } };
  return answerOfPlaced(flow, placed(page?.kind === 'open' ? page.url : null));
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

/** The online methods offered: those configured with a payment page (a bank transfer is always offered besides). */
export function onlinePaymentMethods(ctx: Pick<InterpreterContext, 'paymentMethods' | 'gateways'>): Array<'card' | 'multisafepay'> {
  return ctx.paymentMethods.filter((m): m is 'card' | 'multisafepay' => m !== 'offline' && Boolean(ctx.gateways?.[m]));
}
