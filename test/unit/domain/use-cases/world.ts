// A small world for use-case tests: the memory store seeded with the distributor, the default
// price list, one Gold reseller (25 %, VAT 21 %) and a user of every role.
import type { ResellerUser } from '../../../../src/domain/accounts/accounts';
import type { Order } from '../../../../src/domain/orders/order';
import type { PaymentRecord, Repositories } from '../../../../src/domain/ports';
import type { LineRequest } from '../../../../src/domain/pricing/line';
import { addToCart } from '../../../../src/domain/use-cases/cart';
import { placeOrder, type PlaceOrderInput } from '../../../../src/domain/use-cases/checkout';
import { fakeLicenseProvider } from '../../../fakes/fake-license-provider';
import { memoryStore, type MemorySeed } from '../../../fakes/memory-store';
import { NOW, TODAY, aDistributor, aReseller, aUser, defaultPriceEntries } from '../../../fakes/mother';
import { t } from '../../../../src/conversation/wording';

export function aWorldWithUsers(seed: MemorySeed = {}) {
  const reseller = aReseller();
  const owner = aUser({ role: 'owner' });
  const purchase = aUser({ role: 'purchase' });
  const sales = aUser({ role: 'sales' });
  const support = aUser({ role: 'support' });
  const store = memoryStore({
    distributor: aDistributor(),
    prices: defaultPriceEntries(),
    ...seed,
    resellers: [reseller, ...(seed.resellers ?? [])],
    users: [owner, purchase, sales, support, ...(seed.users ?? [])],
  });
  const provider = fakeLicenseProvider();
  const run = <T>(work: (repos: Repositories) => Promise<T>) => store.transaction(work);
  const add = (user: ResellerUser, request: LineRequest, today = TODAY) => run((repos) => addToCart(repos, provider, { user, request, today, now: NOW }));
  const place = (user: ResellerUser, overrides: Partial<PlaceOrderInput> & Pick<PlaceOrderInput, 'confirmedTotalCents'>) =>
    run((repos) =>
      placeOrder(repos, provider, {
        user, reseller, currency: 'EUR', method: 'offline', couponCode: null, idempotencyKey: `key-${Math.random()}`,
        channel: 'console', chatId: 'local', now: NOW, today: TODAY, expiresAt: new Date(NOW.getTime() + 14 * 86_400_000), describeLine: t.describeLine,
        ...overrides,
      }),
    );
  return { store, provider, reseller, owner, purchase, sales, support, run, add, place };
}

/** A new-license line: Professional 16 SC by default. */
export function newLicense(overrides: Partial<Extract<LineRequest, { kind: 'new_license' }>> = {}): LineRequest {
  return { kind: 'new_license', edition: 'professional', sc: 16, quantity: 1, additionalYears: 0, customerId: null, ...overrides };
}

/** A completed payment of the order's full amount. */
export function paymentOf(order: Order, providerRef: string, overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    orderId: order.id, method: order.paymentMethod, providerRef, status: 'completed', amountCents: order.totalCents,
    currency: order.currency, confirmedBy: 'staff', details: {}, ...overrides,
  };
}

/** Unwraps a result of the expected kind, or fails the test with the kind it had. */
export function expectKind<R extends { kind: string }, K extends R['kind']>(result: R, kind: K): Extract<R, { kind: K }> {
  if (result.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(result)}`);
  return result as Extract<R, { kind: K }>;
}
