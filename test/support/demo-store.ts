import { knexStore } from '../../src/infra/store/knex-store';
import { scryptHasher } from '../../src/infra/auth/scrypt-hasher';
import { sandboxLicenseProvider } from '../../src/infra/licensing/sandbox-provider';
import { readDemoFixture } from '../../src/infra/demo/demo-fixture';
import { loadDemo } from '../../src/infra/demo/load-demo';
import type { ResellerUser, Reseller } from '../../src/domain/accounts/accounts';
import type { Repositories } from '../../src/domain/ports';
import { createDatabaseOn, createTestDatabase } from './db';
import { conversationEngine, type EngineDeps } from '../../src/conversation/engine';
import type { Clock } from '../../src/infra/clock';
import { knexConversationStore } from '../../src/infra/store/conversations';
import { pdfDocuments } from '../../src/infra/invoices/pdf-documents';
import { invitationDesk } from '../../src/infra/store/admin/invitation-desk';
import { adminDesk } from '../../src/infra/store/admin/admin-desk';

/** Cheap scrypt parameters: the tests check behaviour, not the cost of a hash. */
export const testHasher = scryptHasher({ N: 2 ** 10, r: 8, p: 1 });

/** A fresh database of its own with the demo data loaded on `today` (on the run's server, or on `serverUrl`). */
export async function demoStore(today = '2026-11-26', options: { serverUrl?: string } = {}) {
  const database = options.serverUrl ? await createDatabaseOn(options.serverUrl) : await createTestDatabase();
  await loadDemo(database.knex, await readDemoFixture(), today, testHasher);
  const store = knexStore(database.knex);
  const provider = sandboxLicenseProvider();
  async function userNamed(username: string): Promise<{ user: ResellerUser; reseller: Reseller }> {
    return store.transaction(async (repos: Repositories) => {
      const user = await repos.users.findByUsername(username);
      if (!user) throw new Error(`no demo user ${username}`);
      const reseller = await repos.resellers.get(user.resellerId);
      if (!reseller) throw new Error(`no reseller for ${username}`);
      return { user, reseller };
    });
  }
  return { ...database, store, provider, today, userNamed };
}

/** The conversation engine on a demo database, as src/main.ts builds it, with bank transfer as the only payment method. */
export function demoEngine(demo: Awaited<ReturnType<typeof demoStore>>, clock: Pick<Clock, 'now' | 'today'>, onError: (error: unknown) => void, extra: Pick<EngineDeps, 'staffChat'> = {}) {
  return conversationEngine({
    ...extra,
    conversations: knexConversationStore(demo.knex), licenses: demo.provider, hasher: testHasher, clock, paymentMethods: ['offline'], onError,
    invitations: invitationDesk(demo.knex, testHasher),
    admin: adminDesk(demo.knex, { hasher: testHasher, telegramBot: 'threecx_orders_bot' }), // the fake Bot API's bot (fake-telegram.ts)
    documents: pdfDocuments(demo.knex, { compress: false }),
  });
}
