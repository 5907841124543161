import type { CartLine } from '../../../domain/pricing/cart';
import type { Totals } from '../../../domain/pricing/totals';
import { cartTotals, emptyCart, removeFromCart } from '../../../domain/use-cases/cart';
import type { AccountEnv, Answer, CommandHandlers } from '../../commands';

export type CartCommand = { kind: 'cart' } | { kind: 'remove_line'; lineId: string } | { kind: 'empty_cart' };
export type CartAnswer = {
  kind: 'cart';
  lines: CartLine[];
  totals: Totals;
  /** The end customer of each line, in line order (null where there is none). */
  customers: Array<string | null>;
  /** The user's approval request waiting for an owner or purchase user, if any. */
  pending?: PendingApproval | null;
};

/** An approval request of the cart's user, as the cart shows it. */
export interface PendingApproval {
  requestedAt: string;
  lapsesAt: string;
}

export const cartCommands: CommandHandlers<CartCommand['kind']> = {
  cart: (_command, env) => cartAnswer(env),
  remove_line: async (command, env) => {
    await removeFromCart(env.repos, { user: env.user, lineId: command.lineId, now: env.ctx.now });
    return cartAnswer(env);
  },
  empty_cart: async (_command, env) => {
    await emptyCart(env.repos, { user: env.user, now: env.ctx.now });
    return cartAnswer(env);
  },
};

/** The user's cart as it is now, priced, with each line's end customer. */
export async function cartAnswer({ repos, user, reseller }: AccountEnv): Promise<Answer> {
  // At once: one round trip (see getDashboard).
  const [lines, pending] = await Promise.all([repos.carts.lines(user.id), repos.approvals.pendingOf(user.id)]);
  return {
    kind: 'cart', lines, totals: cartTotals(lines, reseller, null), customers: await lineCustomers({ repos, reseller }, lines),
    pending: pending ? { requestedAt: pending.requestedAt.toISOString(), lapsesAt: pending.lapsesAt.toISOString() } : null,
  };
}

/** Each line's end customer: the one chosen for a new license, or the license's own. */
export async function lineCustomers({ repos, reseller }: Pick<AccountEnv, 'repos' | 'reseller'>, lines: CartLine[]): Promise<Array<string | null>> {
  const chosen = lines.some((l) => l.request.kind === 'new_license' && l.request.customerId) ? await repos.customers.listFor(reseller.id) : [];
  return Promise.all(lines.map(async (line) => {
    const r = line.request;
    if (r.kind === 'new_license') return chosen.find((c) => c.id === r.customerId)?.company ?? null;
    const license = await repos.licenses.findByKey(r.licenseKey);
    return license && license.resellerId === reseller.id ? license.customerName ?? null : null;
  }));
}
