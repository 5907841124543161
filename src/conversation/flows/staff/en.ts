// The staff flow's words (the distributor's own people: the old Master portal), in English.
import type { AttentionItem, Card, DigestFacts, HistoryEntry } from '../../../domain/staff/desk';
import type { StaffActionResult, StaffRefusal } from '../../../domain/use-cases/staff/actions';
import { money, plural } from '../../i18n/common.en';
import { PART_PAYMENT, receivedInPartsCents } from '../../../domain/orders/part-payments';

const when = (at: Date | string) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');
const day = (at: Date | string) => new Date(at).toISOString().slice(0, 10);
const ageOf = (since: Date, now: Date) => {
  const hours = Math.floor((now.getTime() - since.getTime()) / 3_600_000);
  if (hours < 1) return 'less than an hour';
  return hours < 24 ? plural(hours, 'hour') : plural(Math.floor(hours / 24), 'day');
};

function historyLines(history: HistoryEntry[]): string[] {
  if (history.length === 0) return [];
  return ['', 'Staff actions and notes:', ...history.map((h) => {
    const d = h.details as { by?: string; reason?: string; before?: unknown; after?: unknown };
    const change = d.before !== undefined || d.after !== undefined ? ` ${JSON.stringify(d.before ?? null)} → ${JSON.stringify(d.after ?? null)}` : '';
    const who = d.by && d.by !== h.actorName ? `${d.by} (${h.actorName})` : h.actorName;
    return `• ${when(h.at)} ${h.action.replace(/^staff\./, '')} by ${who}${d.reason ? `: "${d.reason}"` : ''}${change}`;
  })];
}

/** An order waiting for the rest of a bank transfer: what came in parts and what is still due. */
function partLine(card: Extract<Card, { kind: 'order' }>): string[] {
  const received = receivedInPartsCents(card.payments, card.order);
  if (received === 0 || card.order.status !== 'awaiting_payment') return [];
  return [`Received in part: ${money(received, card.order.currency)}; still due: ${money(card.order.totalCents - received, card.order.currency)}`];
}

/** What came of a bank transfer in part payments and what is still due, as Needs attention and the digest say it ('' when nothing came). */
const partPaid = (receivedCents: number, totalCents: number, currency: string) =>
  (receivedCents > 0 ? ` (${money(receivedCents, currency)} received in part, ${money(totalCents - receivedCents, currency)} still due)` : '');

const VERB_WORDS = {
  confirm: 'Confirm payment',
  cancel: 'Cancel order',
  refund: 'Record refund',
  refund_pay: 'Payment refunded',
  resend: 'Resend invoice',
  move: 'Move license',
  correct: 'Correct license',
  note: 'Add a note',
} as const;

const REFUSALS: { [K in StaffRefusal['kind']]: (r: Extract<StaffRefusal, { kind: K }>) => string } = {
  not_found: () => 'It is not there any more.',
  reason_missing: () => 'A reason is needed: nothing was done.',
  order_status: (r) => `Nothing was done: the order is ${r.status.replace('_', ' ')} now.`,
  not_offline: () => 'Nothing was done: only a bank transfer is confirmed by staff; card and MultiSafepay payments are confirmed by their provider.',
  amount_differs: (r) => (r.givenCents <= 0
    ? 'Nothing was done: the amount received must be more than nothing.'
    : `Nothing was done: ${money(r.givenCents, r.currency)} is more than the ${money(r.expectedCents, r.currency)} the order still owes. An overpayment is not recorded: confirm what the order owes and refund the difference to the reseller outside the product.`),
  reference_of_another_order: (r) => `Nothing was done: that transfer names the payment reference of order ${r.orderNumber}.`,
  reference_used: () => 'Nothing was done: that bank reference is already recorded for a payment.',
  no_invoice: () => 'This order has no invoice yet.',
  payment_not_kept: (r) => `Nothing was done: that payment is ${r.status ?? 'not recorded'}, not kept for a refund.`,
  no_such_reseller: (r) => `There is no reseller with partner id ${r.partnerId}.`,
  unchanged: () => 'Nothing to change: it is so already.',
  invalid_correction: (r) => ({
    not_annual: 'Only an annual license has an expiry date; a perpetual one has a maintenance date.',
    not_perpetual: 'Only a perpetual license has a maintenance date; an annual one has an expiry date.',
    not_a_tier: 'That is not a size of this license\'s edition.',
    date: 'That is not a date (YYYY-MM-DD).',
  })[r.why],
};

export const staffWords = {
  verbs: VERB_WORDS,
  amount: (cents: number, currency: string) => money(cents, currency),
  menuTitle: (name: string, role: string) =>
    `Staff menu — ${name} (${role}).\nType anything to find it: a reseller, a user, an end customer, a license key, an order number, a payment reference, an invoice or credit-note number.`,
  find: 'Find',
  attentionButton: (n: number) => (n > 0 ? `Needs attention (${n})` : 'Needs attention'),
  logout: 'Log out',
  askFind: 'What are you looking for? (a name, a key, a number or a reference, or part of one)',
  expectFind: 'a name, key, number or reference to look for',
  welcome: (name: string) => `Welcome, ${name} (staff).`,
  notInThisGroup: (staffChat: boolean) =>
    `You are logged in as staff in your private chat with me. The staff menu shows resellers' orders, payments and licenses, so I do not open it in this group, where everyone would read it: use it in our private chat${staffChat ? ' or in the staff chat' : ''}.`,
  notForStaff: 'Staff accounts place no reseller orders and have no cart: find the reseller (type its name) and act from there.',
  foundTitle: (query: string, n: number) => (n === 0 ? `Nothing found for "${query}". Try another name, key, number or reference.` : `Found for "${query}":`),
  foundLine: (i: number, label: string) => `${i}. ${label}`,
  open: (i: number) => `Open ${i}`,
  backToMenu: 'Staff menu',
  gone: 'That is not there any more.',
  card: (card: Card, now: Date): string => {
    switch (card.kind) {
      case 'reseller':
        return [
          `Reseller ${card.company} (partner ${card.partnerId}), ${card.country}, ${card.levelCode}`,
          `Users: ${card.users.map((u) => `${u.username} (${u.name}, ${u.role}${u.active ? '' : ', inactive'})`).join('; ') || 'none'}`,
          `End customers: ${card.customers.map((c) => c.company).join('; ') || 'none'}`,
          `Licenses: ${card.licenseCount}`,
          'Latest orders:',
          ...(card.orders.length === 0 ? ['• none'] : card.orders.map((o) => `• order ${o.number}, ${day(o.placedAt)}: ${money(o.totalCents, o.currency)}, ${o.status.replace('_', ' ')}`)),
          ...historyLines(card.history),
        ].join('\n');
      case 'customer':
        return [
          `End customer ${card.company}${card.email ? ` <${card.email}>` : ''} of ${card.reseller.company} (partner ${card.reseller.partnerId})`,
          'Licenses:',
          ...(card.licenses.length === 0 ? ['• none'] : card.licenses.map((l) => `• ${l.key}: ${l.edition} ${l.sc} SC, ${l.type === 'annual' ? `expires ${l.expiresOn ?? '?'}` : `maintenance until ${l.maintenanceUntil ?? '?'}`}`)),
          ...historyLines(card.history),
        ].join('\n');
      case 'license': {
        const l = card.license;
        return [
          `License ${l.key}: ${l.edition} ${l.sc} SC, ${l.type}, ${l.type === 'annual' ? `expires ${l.expiresOn ?? '?'}` : `maintenance until ${l.maintenanceUntil ?? '?'}`}`,
          `Reseller ${card.reseller.company} (partner ${card.reseller.partnerId}), end customer ${l.customerName ?? 'none'}`,
          'History:',
          ...(card.events.length === 0 ? ['• nothing recorded'] : card.events.map((e) => `• ${when(e.at)} ${e.kind.replace('_', ' ')}${e.orderNumber ? ` (order ${e.orderNumber})` : ''}: ${JSON.stringify(e.after)}`)),
          `Reminders sent: ${card.remindersSent.length === 0 ? 'none' : card.remindersSent.map((r) => `${day(r.sentAt)} to ${r.userName} (${r.offsetDays} days before the end)`).join('; ')}`,
          ...historyLines(card.history),
        ].join('\n');
      }
      case 'order': {
        const o = card.order;
        return [
          `Order ${o.number} (${o.paymentReference}): ${o.status.replace('_', ' ')}, ${money(o.totalCents, o.currency)} by ${o.paymentMethod === 'offline' ? 'bank transfer' : o.paymentMethod}`,
          `${card.reseller.company} (partner ${card.reseller.partnerId}), placed ${when(o.placedAt)} by ${card.placedByName} (${o.channel})${o.status === 'awaiting_payment' ? `, waiting ${ageOf(o.placedAt, now)}` : ''}${o.couponCode ? `, coupon ${o.couponCode}` : ''}`,
          ...o.lines.map((l) => `${l.position}. ${l.description}: ${money(l.netCents, o.currency)}`),
          `Payments: ${card.payments.length === 0 ? 'none' : card.payments.map((p) => `${p.method} ${p.providerRef} ${money(p.amountCents, p.currency)} ${p.status === PART_PAYMENT ? 'part payment' : p.status}${p.confirmedBy ? ` (${p.confirmedBy})` : ''}`).join('; ')}`,
          ...partLine(card),
          `Invoices and credit notes: ${card.documents.length === 0 ? 'none' : card.documents.map((d) => `${d.number} ${d.issuedOn} ${money(d.totalCents, o.currency)} ${d.status}`).join('; ')}`,
          ...(card.placement ? [`Placement at 3CX: ${card.placement}`] : []),
          ...(card.approvals.length > 0 ? [`Approvals: ${card.approvals.map((a) => `asked by ${a.requesterName}, ${a.status}${a.deciderName ? ` by ${a.deciderName}` : ''}`).join('; ')}`] : []),
          ...historyLines(card.history),
        ].join('\n');
      }
      default: {
        const never: never = card;
        throw new Error(`unknown card ${JSON.stringify(never)}`);
      }
    }
  },
  openReseller: (company: string) => `Reseller ${company}`,
  openOrder: (n: number) => `Order ${n}`,
  openLicense: (key: string) => `License ${key}`,
  openCustomer: (company: string) => `Customer ${company}`,
  askInput: {
    confirm: (total: string, reference: string, due?: string) =>
      `Type the bank's reference of the transfer and the amount received, e.g. "NL-TRX-88123 ${(due ?? total).replace(/[^\d.,]/g, '')}". The order's total is ${total}${due ? `, of which ${due} is still due` : ''}; its payment reference is ${reference}. Less than ${due ? 'what is due' : 'the total'} is kept as a part payment and the order waits for the rest; more is refused.`,
    move: 'Type the name of the end customer to move the license to (of the same reseller; a new name adds the customer), or "reseller <partner id>" to move it to another reseller.',
    correct: 'Type the correction: "expiry YYYY-MM-DD", "maintenance YYYY-MM-DD" or "sc N".',
  },
  expectInput: {
    confirm: 'the bank reference and the amount, e.g. "NL-TRX-88123 2212.39"',
    move: 'an end customer\'s name, or "reseller <partner id>"',
    correct: '"expiry YYYY-MM-DD", "maintenance YYYY-MM-DD" or "sc N"',
  },
  askReason: (what: string) => `${what}: why? Type the reason (it is kept in the audit log with your name).`,
  askNote: 'Type the note (it is kept with this card, with your name and the time).',
  expectReason: 'the reason, in a few words',
  done: (result: Extract<StaffActionResult, { kind: 'done' }>): string => {
    const s = result.summary;
    switch (result.what) {
      case 'confirm_payment': return typeof s.dueCents === 'number'
        ? `Part payment for order ${s.order} recorded: ${money(Number(s.receivedCents), String(s.currency))} received so far, ${money(s.dueCents, String(s.currency))} still due. The order waits for the rest; the reseller's user is told.`
        : `Payment of order ${s.order} confirmed: the order is ${String(s.status).replace('_', ' ')}.`;
      case 'cancel_order': return `Order ${s.order} cancelled; its coupon is released${s.creditNote ? ` and its invoice cancelled by credit note ${s.creditNote}` : ''}.`;
      case 'refund_order': return `Refund of order ${s.order} recorded${s.creditNote ? `: credit note ${s.creditNote} issued` : ' (no invoice to credit)'}; the reseller is told.`;
      case 'refund_payment': return `Payment ${s.payment} of order ${s.order} recorded as refunded.`;
      case 'resend_invoice': return `Invoice ${s.invoice} of order ${s.order} is sent to the reseller's user again.`;
      case 'move_license': return `License ${s.key} moved to ${s.to}.`;
      case 'correct_license': return `License ${s.key}: ${s.field} corrected from ${s.from ?? 'none'} to ${s.to}.`;
      case 'note': return 'Note added.';
      default: {
        const never: never = result.what;
        throw new Error(`unknown staff action ${String(never)}`);
      }
    }
  },
  refused: (why: StaffRefusal): string => (REFUSALS[why.kind] as (r: StaffRefusal) => string)(why),
  attentionTitle: (n: number) => (n === 0 ? 'Nothing waits for staff.' : `Waiting for staff (${n}):`),
  attentionLine: (i: number, item: AttentionItem, now: Date): string => {
    const head = `${i}. Order ${item.orderNumber}, ${item.company}, ${money(item.totalCents, item.currency)}: `;
    const r = item.reason;
    switch (r.kind) {
      case 'offline_payment': return `${head}bank transfer waiting for ${ageOf(r.since, now)}${partPaid(r.receivedCents, item.totalCents, item.currency)}`;
      case 'placement': return `${head}paid, licenses not issued (placement ${r.status.replace('_', ' ')}${r.error ? `: ${r.error}` : ''})`;
      case 'payment_to_refund': return `${head}${r.method} payment ${r.providerRef} of ${money(r.amountCents, item.currency)} is ${r.status.replace('_', ' ')}: refund it`;
      case 'lines_refused': return `${head}${plural(r.lines, 'line', 'lines')} not applied`;
      default: {
        const never: never = r;
        throw new Error(`unknown attention ${JSON.stringify(never)}`);
      }
    }
  },
  attentionVerb: (verb: keyof typeof VERB_WORDS, orderNumber: number) => `${VERB_WORDS[verb]} ${orderNumber}`,
  openItem: (orderNumber: number) => `Open ${orderNumber}`,
  home: (name: string, waiting: number) => `${name} — staff\n\n${waiting === 0 ? 'Nothing waits for staff.' : `${plural(waiting, 'order waits', 'orders wait')} for staff: open the chat and press Needs attention.`}`,
  digest: (facts: DigestFacts, from: Date, to: Date): string => {
    const sums = (list: Array<{ currency: string; cents: number }>) => list.map((s) => money(s.cents, s.currency)).join(' + ') || money(0, 'EUR');
    const waiting = facts.offlineWaiting;
    const inPart = waiting.filter((o) => o.receivedCents > 0).length;
    return [
      `Daily digest, ${when(from)} to ${when(to)} UTC`,
      `Payments received: ${facts.paymentsReceived.count} (${sums(facts.paymentsReceived.byCurrency)})`,
      `Bank transfers waiting: ${waiting.length}${inPart > 0 ? `, ${inPart} of them paid in part` : ''}${waiting.map((o) => `\n• order ${o.orderNumber}, ${o.company}, ${money(o.totalCents, o.currency)}, waiting ${ageOf(o.placedAt, to)}${partPaid(o.receivedCents, o.totalCents, o.currency)}`).join('')}`,
      `Orders needing staff: ${facts.ordersNeedingStaff}`,
      `Renewal reminders sent: ${facts.remindersSent}`,
      `Renewals won: ${facts.renewalsWon.count} (${sums(facts.renewalsWon.byCurrency)})`,
    ].join('\n');
  },
};
