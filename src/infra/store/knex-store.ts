import type { Knex } from 'knex';
import { fusedTransaction } from '../db/fused-transaction';
import type { DistributorSettings } from '../../domain/accounts/accounts';
import type { Repositories, Store } from '../../domain/ports';
import { auditLog, customerRepository, loginFailureRepository, identityRepository, distributorRepository, noticeRepository, referralRepository, resellerRepository, staffUserRepository, userRepository } from './accounts';
import { creditNoteRepository, invoiceRepository } from './invoices';
import { cartRepository, menuFigures } from './carts';
import { couponRepository } from './coupons';
import { licenseRepository, priceRepository } from './licenses';
import { orderRepository, paymentRepository } from './orders';
import { outboxRepository } from './outbox';
import { providerOrderRepository } from './provider-orders';
import { reminderSettings } from './reminders';
import { approvalRepository } from './approvals';
import { staffDesk, staffSessionRepository } from './staff-desk';

/**
 * Every repository bound to one knex transaction; `known` settings (read before, still
 * current) are answered without asking the database again.
 */
export function repositoriesFor(db: Knex.Transaction, known: { distributor?: DistributorSettings } = {}): Repositories {
  const { distributor } = known;
  return {
    distributor: distributor ? { get: async () => structuredClone(distributor) } : distributorRepository(db),
    resellers: resellerRepository(db),
    users: userRepository(db),
    loginFailures: loginFailureRepository(db),
    staff: staffUserRepository(db),
    customers: customerRepository(db),
    prices: priceRepository(db),
    licenses: licenseRepository(db),
    carts: cartRepository(db),
    menu: menuFigures(db),
    coupons: couponRepository(db),
    orders: orderRepository(db),
    payments: paymentRepository(db),
    invoices: invoiceRepository(db),
    creditNotes: creditNoteRepository(db),
    referrals: referralRepository(db),
    notices: noticeRepository(db),
    audit: auditLog(db),
    identities: identityRepository(db),
    outbox: outboxRepository(db),
    reminders: reminderSettings(db),
    providerOrders: providerOrderRepository(db),
    approvals: approvalRepository(db),
    staffSessions: staffSessionRepository(db),
    staffDesk: staffDesk(db),
  };
}

/**
 * The PostgreSQL store: each unit of work is one READ COMMITTED transaction with row locks,
 * its BEGIN sent with its first statement (fused-transaction.ts).
 */
export function knexStore(knex: Knex): Store {
  return {
    transaction: (work) => fusedTransaction(knex, (trx) => work(repositoriesFor(trx))),
  };
}
