// What the staff flow asks the domain, for a logged-in member of staff only (the interpreter
// checks the staff account behind the session before any of these runs).
import type { StaffUser } from '../../../domain/accounts/accounts';
import { isKeptForRefund, receivedInPartsCents } from '../../../domain/orders/part-payments';
import { paymentReference } from '../../../domain/orders/payment-reference';
import type { AttentionItem, Card } from '../../../domain/staff/desk';
import { actAsStaff, type StaffAction, type StaffActionResult } from '../../../domain/use-cases/staff/actions';
import { staffLogin } from '../../../domain/use-cases/staff/login';
import type { CommandEnv } from '../../commands';
import type { StaffSession } from '../../state';
import { t } from '../../wording';
import type { AttentionEntry, CardView, StaffTarget, StaffVerb } from './types';

export type StaffCommand =
  | { kind: 'staff_menu' }
  | { kind: 'staff_search'; query: string }
  | { kind: 'staff_open'; target: StaffTarget }
  | { kind: 'staff_attention' }
  | { kind: 'staff_act'; action: StaffAction; reason: string; target: StaffTarget };

export type StaffAnswer =
  | { kind: 'staff_menu'; waiting: number }
  | { kind: 'staff_found'; query: string; hits: Array<{ label: string; target: StaffTarget }> }
  | { kind: 'staff_card'; card: CardView | null }
  | { kind: 'staff_attention'; title: string; items: AttentionEntry[] }
  | { kind: 'staff_acted'; result: StaffActionResult; card: CardView | null };

export type StaffCommandKind = StaffCommand['kind'];
export const STAFF_COMMANDS: readonly StaffCommandKind[] = ['staff_menu', 'staff_search', 'staff_open', 'staff_attention', 'staff_act'];

/** What a staff command's handler works with: the member of staff as stored now. */
export interface StaffEnv extends CommandEnv {
  staff: StaffUser;
}

export type StaffCommandHandlers = { [C in StaffCommandKind]: (command: Extract<StaffCommand, { kind: C }>, env: StaffEnv) => Promise<StaffAnswer> };

const MAX_HITS = 8;

/** The actions that fit a card as it is now. */
function actionsOf(card: Card): StaffVerb[] {
  switch (card.kind) {
    case 'order': {
      const o = card.order;
      const kept = card.payments.some((p) => isKeptForRefund(p, o));
      return [
        ...(o.status === 'awaiting_payment' && o.paymentMethod === 'offline' ? ['confirm' as const] : []),
        ...(o.status === 'awaiting_payment' ? ['cancel' as const] : []),
        ...(o.status === 'paid' || o.status === 'fulfilled' ? ['refund' as const] : []),
        ...(kept ? ['refund_pay' as const] : []),
        ...(card.documents.some((d) => d.kind === 'invoice') ? ['resend' as const] : []),
        'note',
      ];
    }
    case 'license': return ['move', 'correct', 'note'];
    case 'reseller':
    case 'customer':
      return ['note'];
    default: {
      const never: never = card;
      throw new Error(`unknown card ${JSON.stringify(never)}`);
    }
  }
}

function linksOf(card: Card): CardView['links'] {
  switch (card.kind) {
    case 'reseller': return [
      ...card.orders.map((o) => ({ label: t.staff.openOrder(o.number), target: { kind: 'order' as const, id: o.id } })),
      ...card.customers.map((c) => ({ label: t.staff.openCustomer(c.company), target: { kind: 'customer' as const, id: c.id } })),
    ];
    case 'customer': return [
      ...card.licenses.map((l) => ({ label: t.staff.openLicense(l.key), target: { kind: 'license' as const, id: l.id } })),
      { label: t.staff.openReseller(card.reseller.company), target: { kind: 'reseller', id: card.reseller.id } },
    ];
    case 'license': return [{ label: t.staff.openReseller(card.reseller.company), target: { kind: 'reseller', id: card.reseller.id } }];
    case 'order': return [
      ...card.order.lines.flatMap((l) => (l.licenseId && l.licenseKey ? [{ label: t.staff.openLicense(l.licenseKey), target: { kind: 'license' as const, id: l.licenseId } }] : [])),
      { label: t.staff.openReseller(card.reseller.company), target: { kind: 'reseller', id: card.reseller.id } },
    ];
    default: {
      const never: never = card;
      throw new Error(`unknown card ${JSON.stringify(never)}`);
    }
  }
}

/** An order's total, what is still due of it and its payment reference, for the confirmation prompt. */
function orderFacts(order: { totalCents: number; currency: string }, receivedCents: number, reference: string): NonNullable<CardView['order']> {
  return {
    total: t.staff.amount(order.totalCents, order.currency), reference,
    ...(receivedCents > 0 ? { due: t.staff.amount(order.totalCents - receivedCents, order.currency) } : {}),
  };
}

/** A card as the step keeps it. */
export function cardView(card: Card, now: Date): CardView {
  const id = card.kind === 'order' ? card.order.id : card.kind === 'license' ? card.license.id : card.id;
  return {
    target: { kind: card.kind, id },
    text: t.staff.card(card, now),
    actions: actionsOf(card),
    links: linksOf(card),
    kept: card.kind === 'order' ? card.payments.filter((p) => isKeptForRefund(p, card.order)).map((p) => p.providerRef) : [],
    ...(card.kind === 'order' ? { order: orderFacts(card.order, receivedInPartsCents(card.payments, card.order), card.order.paymentReference) } : {}),
  };
}

function attentionEntry(item: AttentionItem, i: number, now: Date): AttentionEntry {
  const r = item.reason;
  const actions: StaffVerb[] = r.kind === 'offline_payment' ? ['confirm', 'cancel'] : r.kind === 'payment_to_refund' ? ['refund_pay'] : ['refund', 'note'];
  return {
    text: t.staff.attentionLine(i + 1, item, now),
    orderNumber: item.orderNumber,
    target: { kind: 'order', id: item.orderId },
    actions,
    kept: r.kind === 'payment_to_refund' ? [r.providerRef] : [],
    order: orderFacts(item, r.kind === 'offline_payment' ? r.receivedCents : 0, paymentReference(item.orderNumber)),
  };
}

export const staffCommands: StaffCommandHandlers = {
  staff_menu: async (_command, { repos, ctx }) => ({ kind: 'staff_menu', waiting: (await repos.staffDesk.attention(ctx.now)).length }),
  staff_search: async (command, { repos }) => ({
    kind: 'staff_found', query: command.query, hits: (await repos.staffDesk.search(command.query, MAX_HITS)).map((f) => ({ label: f.label, target: f.opens })),
  }),
  staff_open: async (command, { repos, ctx }) => {
    const card = await repos.staffDesk.card(command.target.kind, command.target.id);
    return { kind: 'staff_card', card: card ? cardView(card, ctx.now) : null };
  },
  staff_attention: async (_command, { repos, ctx }) => {
    const items = await repos.staffDesk.attention(ctx.now);
    return { kind: 'staff_attention', title: t.staff.attentionTitle(items.length), items: items.map((item, i) => attentionEntry(item, i, ctx.now)) };
  },
  staff_act: async (command, { repos, ctx, staff }) => {
    const result = await actAsStaff(repos, command.action, { actor: { id: staff.id, name: staff.name }, reason: command.reason, at: ctx.now, today: ctx.today, licenses: ctx.licenses });
    if (result.kind === 'done') {
      const { outbox, fulfil } = result;
      ctx.afterCommit(async () => {
        if (outbox.length > 0) await ctx.jobs?.deliver(outbox);
        if (fulfil.length > 0) await ctx.jobs?.fulfil(fulfil);
      });
    }
    const card = await repos.staffDesk.card(command.target.kind, command.target.id);
    return { kind: 'staff_acted', result, card: card ? cardView(card, ctx.now) : null };
  },
};

/** Logs a member of staff in (the login prompt found a staff account of that name). */
export async function logInStaff(env: CommandEnv, input: { username: string; password: string }): Promise<{ kind: 'staff_logged_in'; session: StaffSession } | { kind: 'wrong_credentials' } | { kind: 'locked'; until: Date }> {
  const { repos, ctx } = env;
  const result = await staffLogin(repos, ctx.hasher, { ...input, now: ctx.now, channel: ctx.channel });
  if (result.kind !== 'ok') return result;
  const identity = { channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId };
  // This chat now belongs to the member of staff: no reseller's messages reach it any more.
  await repos.identities.unlink(identity);
  await repos.staffSessions.start(identity, result.staff.id);
  return { kind: 'staff_logged_in', session: { account: 'staff', staffId: result.staff.id, name: result.staff.name, staffRole: result.staff.role } };
}

/**
 * A member of staff writing in a group, who logged in privately on this channel: recognised in
 * the staff chat (STAFF_CHAT), where only the distributor's people are, as a login there (in the
 * audit log); in any other group the staff menu is not opened, since everyone there would read
 * what it shows. Undefined for anyone not logged in as staff on this channel.
 */
export async function recogniseStaffInGroup(env: CommandEnv): Promise<{ kind: 'staff_logged_in'; session: StaffSession } | { kind: 'not_staff_chat' } | undefined> {
  const { repos, ctx } = env;
  const staffId = await repos.staffSessions.staffOf(ctx.channel, ctx.externalUserId);
  const staff = staffId ? await repos.staff.get(staffId) : undefined;
  if (!staff?.active) return undefined;
  if (ctx.staffChat?.channel !== ctx.channel || ctx.staffChat.chatId !== ctx.chatId) return { kind: 'not_staff_chat' };
  await repos.staffSessions.start({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId }, staff.id);
  await repos.audit.append({ actor: `staff:${staff.id}`, action: 'staff.login', subject: `staff:${staff.id}`, details: { channel: ctx.channel, role: staff.role, recognisedIn: 'staff_chat' } });
  return { kind: 'staff_logged_in', session: { account: 'staff', staffId: staff.id, name: staff.name, staffRole: staff.role } };
}

/** The member of staff this chat is logged in as now, still active; undefined otherwise. */
export async function currentStaff(env: CommandEnv, session: StaffSession): Promise<StaffUser | undefined> {
  const { repos, ctx } = env;
  const linked = await repos.staffSessions.staffIn({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId });
  if (linked !== session.staffId) return undefined;
  const staff = await repos.staff.get(session.staffId);
  return staff?.active ? staff : undefined;
}

/** Logs a member of staff out of every chat on this channel. */
export async function logOutStaff(env: CommandEnv, staff: StaffUser): Promise<void> {
  await env.repos.staffSessions.endAll(env.ctx.channel, env.ctx.externalUserId);
  await env.repos.audit.append({ actor: `staff:${staff.id}`, action: 'staff.logout', subject: `staff:${staff.id}`, details: { channel: env.ctx.channel } });
}
