// npm run ops -- <command> …: the distributor's staff commands.
//   payment:confirm <order number or payment reference> --reference <bank transfer reference> [--amount 2212.39] [--by <name>]
//       records that the money of an offline order arrived; a job marks it paid, issues or
//       extends the licenses, issues the invoice and tells the user.
//   orders:show <order number or payment reference>
//   orders:attention
//       paid orders still without their licenses, and payments kept for staff.
//   provider:retry <order> [--checked-not-placed]
//       tries the placement at 3CX again after it was refused (a wrong API key fixed) or, with
//       --checked-not-placed, after staff saw at 3CX that an uncertain order was not placed.
//   provider:record <order> --keys K1,K2,…
//       records the keys 3CX shows for an uncertain order that did go through; it is fulfilled.
//   reminders:sweep
//       claims the renewal reminders due today and queues them now (the scheduler does it daily).
//   the administrators' commands (resellers:…, users:…, levels:…, prices:…, coupons:…,
//       broadcast:…, audit): src/cli/admin, one module per group.
import { userInfo } from 'node:os';
import { parsePaymentReference } from '../domain/orders/payment-reference';
import type { Order } from '../domain/orders/order';
import { receivedInPartsCents } from '../domain/orders/part-payments';
import { formatMoney } from '../domain/pricing/money';
import { openRuntime, type Runtime } from '../infra/runtime';
import type { runtimeJobs as RuntimeJobs } from '../infra/runtime-jobs';
import { runCli } from './run-cli';
import type { ProviderOrder } from '../domain/ports';
import { recordPlacementByStaff, reopenPlacement } from '../domain/use-cases/placement';
import { needingAttention } from '../infra/store/attention';
import type { Config } from '../config';
import type { Logger } from '../infra/log';
import { ADMIN_COMMANDS, adminUsage } from './admin/index';
import { runAdminCli } from './admin/runtime';
import type { ApprovalRequest } from '../domain/approvals/approval';

const USAGE = `usage:
  npm run ops -- payment:confirm <order number or reference> --reference <bank reference> [--amount 2212.39] [--by <name>]
  npm run ops -- orders:show <order number or reference>
  npm run ops -- orders:attention
  npm run ops -- provider:retry <order number or reference> [--checked-not-placed]
  npm run ops -- provider:record <order number or reference> --keys KEY1,KEY2
  npm run ops -- reminders:sweep
${adminUsage()}`;

await runCli(async (config, log) => {
  const [command, target, ...rest] = process.argv.slice(2);
  if (command === 'reminders:sweep') return sweep(config, log);
  if (command === 'orders:attention') return attention(config, log);
  if (command && Object.hasOwn(ADMIN_COMMANDS, command)) return runAdminCli(config, log, command, process.argv.slice(3));
  if (!command || !target || !['payment:confirm', 'orders:show', 'provider:retry', 'provider:record'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const runtime = await openRuntime(config, log, { seedDemo: false });
  try {
    const order = await findOrder(runtime, target);
    if (!order) {
      process.stderr.write(`no order ${target}: give its number (42) or its payment reference (TCX-000042-xx)\n`);
      return 1;
    }
    if (command === 'orders:show') {
      const [placement, approvals, payments] = await runtime.store.transaction(async (repos) => [await repos.providerOrders.get(order.id), await repos.approvals.forOrder(order.id), await repos.payments.forOrder(order.id)] as const);
      const received = order.status === 'awaiting_payment' ? receivedInPartsCents(payments, order) : 0;
      // A bank transfer paid in part: what came and what is still due.
      const parts = received > 0 ? `\nreceived in part ${formatMoney(received, order.currency)}, still due ${formatMoney(order.totalCents - received, order.currency)}` : '';
      process.stdout.write(`${describe(order, placement, approvals)}${parts}\n`);
      return 0;
    }
    if (command === 'provider:retry') return await retryPlacement(runtime, order, flags(rest));
    if (command === 'provider:record') return await recordPlacement(runtime, order, options(rest));
    return await confirmPayment(runtime, order, options(rest));
  } finally {
    await runtime.close();
  }
});

async function retryPlacement(runtime: Runtime, order: Order, given: Set<string>): Promise<number> {
  const placement = await runtime.store.transaction((repos) => repos.providerOrders.get(order.id));
  if (placement?.status === 'uncertain' && !given.has('checked-not-placed')) {
    process.stderr.write(
      `order ${order.number} may have been placed at 3CX already (${placement.error ?? 'no answer'}).\n` +
        `Look for PO ORDER-${order.number} at 3CX first. Not there: run again with --checked-not-placed. There: record its keys with provider:record.\n`,
    );
    return 1;
  }
  if (order.status === 'paid' && (!placement || placement.status === 'not_placed')) {
    // Not placed yet and waiting for its next automatic attempt: tried now instead.
    return fulfilNow(runtime, order);
  }
  const now = runtime.clock.now();
  const reopened = await runtime.store.transaction((repos) => reopenPlacement(repos, { orderId: order.id, now, actor: `staff:${userInfo().username}` }));
  if (!reopened) {
    process.stderr.write(`order ${order.number}: its placement is ${placement?.status ?? 'not started'}, nothing to retry\n`);
    return 1;
  }
  return fulfilNow(runtime, order);
}

async function recordPlacement(runtime: Runtime, order: Order, opts: Record<string, string>): Promise<number> {
  const keys = (opts.keys ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  const now = runtime.clock.now();
  const today = await runtime.today();
  const result = await runtime.store.transaction((repos) => recordPlacementByStaff(repos, { orderId: order.id, keys, now, today, actor: `staff:${userInfo().username}` }));
  switch (result.kind) {
    case 'recorded':
      return fulfilNow(runtime, order);
    case 'not_uncertain':
      process.stderr.write(`order ${order.number}: only an uncertain placement can be recorded by hand (it is ${result.status})\n`);
      return 1;
    case 'wrong_key_count':
      process.stderr.write(`order ${order.number} has ${result.expected} new license key(s) to record; --keys gave ${result.given}\n`);
      return 2;
    case 'invalid_key':
      process.stderr.write(`${result.key} is not a license key (XXXX-XXXX-XXXX-XXXX)\n`);
      return 2;
    case 'not_found':
      process.stderr.write(`no order ${order.number}\n`);
      return 1;
    default: {
      const never: never = result;
      throw new Error(`unknown result ${JSON.stringify(never)}`);
    }
  }
}

/** Queues the order's fulfilment and waits a little for it, as payment:confirm does. */
async function fulfilNow(runtime: Runtime, order: Order): Promise<number> {
  const jobs = await queues(runtime);
  try {
    const [jobId] = await jobs.fulfil([order.id], { by: 'staff' });
    process.stdout.write(`queued the fulfilment of order ${order.number} as job ${jobId}\n`);
    if (!jobId) return 1;
    return await reportJob(jobs, jobId, 60_000, ['fulfilled']);
  } finally {
    await jobs.close();
  }
}

/** Waits a while for a queued job and says how it ended; one that has not run yet is no failure. */
async function reportJob(jobs: Awaited<ReturnType<typeof RuntimeJobs>>, jobId: string, timeoutMs: number, succeeded: string[], currency = 'EUR'): Promise<number> {
  try {
    const result = (await jobs.waitFor(jobId, timeoutMs)) as { kind: string; error?: string; receivedCents?: number; dueCents?: number };
    const part = result.kind === 'part_payment' && result.receivedCents !== undefined && result.dueCents !== undefined
      ? `: ${formatMoney(result.receivedCents, currency)} received so far, ${formatMoney(result.dueCents, currency)} still due; the order waits for the rest`
      : '';
    process.stdout.write(`done: ${result.kind}${part}${result.error ? ` (${result.error})` : ''}\n`);
    return succeeded.includes(result.kind) ? 0 : 1;
  } catch (error) {
    process.stdout.write(`not finished yet (${error instanceof Error ? error.message : String(error)}): it runs as soon as the product (npm start) is running\n`);
    return 0;
  }
}

async function attention(config: Config, log: Logger): Promise<number> {
  const runtime = await openRuntime(config, log, { seedDemo: false });
  try {
    const items = await needingAttention(runtime.knex);
    if (items.length === 0) process.stdout.write('nothing needs staff attention\n');
    for (const item of items) process.stdout.write(`${item}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}

async function confirmPayment(runtime: Runtime, order: Order, opts: Record<string, string>): Promise<number> {
  const reference = opts.reference?.trim();
  if (!reference) {
    process.stderr.write(`--reference is required: the bank's reference of the transfer\n${USAGE}\n`);
    return 2;
  }
  // What part payments brought already is not due any more; less than what is due is kept as a part payment.
  const receivedCents = receivedInPartsCents(await runtime.store.transaction((repos) => repos.payments.forOrder(order.id)), order);
  const dueCents = order.totalCents - receivedCents;
  const amountCents = opts.amount === undefined ? dueCents : cents(opts.amount);
  if (amountCents === undefined || amountCents <= 0) {
    process.stderr.write(`--amount must be an amount like 2212.39\n`);
    return 2;
  }
  if (order.paymentMethod !== 'offline') {
    process.stderr.write(`order ${order.number} is paid by ${order.paymentMethod}: its provider confirms it, not staff\n`);
    return 1;
  }
  if (order.status === 'awaiting_payment' && amountCents > dueCents) {
    process.stderr.write(`${formatMoney(amountCents, order.currency)} is more than the ${formatMoney(dueCents, order.currency)} order ${order.number} still owes: an overpayment is not recorded (confirm what is due and refund the difference outside the product); nothing changed\n`);
    return 1;
  }
  const jobs = await queues(runtime);
  try {
    const jobId = await jobs.confirmPayment({ source: 'staff', orderId: order.id, reference, amountCents, currency: order.currency, confirmedBy: `staff:${opts.by ?? userInfo().username}` });
    process.stdout.write(`queued the confirmation of order ${order.number} (${formatMoney(amountCents, order.currency)}, reference ${reference}) as job ${jobId}\n`);
    return await reportJob(jobs, jobId, 30_000, ['fulfilled', 'already_settled', 'part_payment'], order.currency);
  } finally {
    await jobs.close();
  }
}

async function sweep(config: Config, log: Logger): Promise<number> {
  const runtime = await openRuntime(config, log, { seedDemo: false });
  try {
    const jobs = await queues(runtime);
    try {
      const result = await jobs.sweepReminders();
      process.stdout.write(`reminders: ${result.claimed} claimed, ${result.deliveries} deliveries queued, ${result.requeued} queued again; they are sent by the running product (npm start) within working hours\n`);
      return 0;
    } finally {
      await jobs.close();
    }
  } finally {
    await runtime.close();
  }
}

/**
 * The job queues, loaded only by the commands that queue: the others (orders:show, a
 * refused retry) start in a fraction of the time without BullMQ.
 */
async function queues(runtime: Runtime): ReturnType<typeof RuntimeJobs> {
  const { runtimeJobs } = await import('../infra/runtime-jobs');
  return runtimeJobs(runtime, { work: false });
}

async function findOrder(runtime: Runtime, target: string): Promise<Order | undefined> {
  return runtime.store.transaction(async (repos) => {
    if (/^\d+$/.test(target)) return repos.orders.findByNumber(Number(target));
    const parsed = parsePaymentReference(target);
    return parsed ? repos.orders.findByNumber(parsed.orderNumber) : repos.orders.findByReference(target);
  });
}

function describe(order: Order, placement: ProviderOrder | undefined, approvals: ApprovalRequest[] = []): string {
  return [
    `order ${order.number} (${order.paymentReference}): ${order.status}`,
    `placed ${order.placedAt.toISOString()} by user ${order.placedBy} on ${order.channel}, paid by ${order.paymentMethod}`,
    `total ${formatMoney(order.totalCents, order.currency)} (subtotal ${formatMoney(order.subtotalCents, order.currency)}, coupon ${formatMoney(order.couponCents, order.currency)}, VAT ${formatMoney(order.vatCents, order.currency)})`,
    ...order.lines.map((l) => `  ${l.position}. ${l.description}: ${formatMoney(l.netCents, order.currency)}`),
    ...(placement ? [`placement at ${placement.provider}: ${placement.status} (attempt ${placement.attempts}, ${placement.updatedAt.toISOString()})${placement.error ? `: ${placement.error}` : ''}`] : []),
    // The team's approval that led to the order: who asked, when, who approved.
    ...approvals.map((a) => `approval: asked by ${a.requesterName} ${a.requestedAt.toISOString()}, ${a.status} by ${a.deciderName ?? 'nobody'}${a.decidedAt ? ` ${a.decidedAt.toISOString()}` : ''}`),
  ].join('\n');
}

/** The --flags given without a value. */
function flags(rest: string[]): Set<string> {
  return new Set(rest.filter((a) => a.startsWith('--')).map((a) => a.slice(2)));
}

function options(rest: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i];
    if (name?.startsWith('--') && rest[i + 1] !== undefined) out[name.slice(2)] = rest[++i] as string;
  }
  return out;
}

/** "2212.39" → 221239, exactly; undefined for anything else. */
function cents(text: string): number | undefined {
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

