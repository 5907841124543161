import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { documentsFolder } from '../../src/bots/console/documents';
import { pdfDocuments } from '../../src/infra/invoices/pdf-documents';
import { createInterface } from 'node:readline';
import { runJsonlConsole, type NotificationFeed } from '../../src/bots/console/jsonl';
import { conversationEngine, type ConversationKey } from '../../src/conversation/engine';
import type { PaymentMethod } from '../../src/domain/orders/order';
import type { InterpreterContext } from '../../src/conversation/interpreter';
import { fixedClock, type FixedClock } from '../../src/infra/clock';
import { knexConversationStore } from '../../src/infra/store/conversations';
import { demoStore } from './demo-store';
import { invitationDesk } from '../../src/infra/store/admin/invitation-desk';
import { adminDesk } from '../../src/infra/store/admin/admin-desk';
import type { VatNumberChecker } from '../../src/domain/ports';

export interface OutMessage {
  type: 'message';
  text: string;
  buttons: Array<Array<{ id?: string; url?: string; label: string }>>;
  secret: boolean;
}

type Demo = Awaited<ReturnType<typeof demoStore>>;

/**
 * Drives the JSONL console as a script would: writes input lines, reads output lines up to
 * each `{"type":"ready"}`. Runs in-process on a database of its own with the demo data.
 */
export async function consoleSession(options: {
  demo?: Demo;
  clock?: FixedClock;
  key?: Partial<ConversationKey>;
  paymentMethods?: PaymentMethod[];
  /** Hosted payment pages (card, MultiSafepay) and the URLs given to them, as main.ts wires them. */
  gateways?: InterpreterContext['gateways'];
  paymentUrls?: InterpreterContext['paymentUrls'];
  /** Where the console hears of notifications for its chat (a consoleNotifier()), as `npm run chat` does. */
  notifications?: NotificationFeed;
  /** The VAT check service an administrator's edit of a reseller asks (default: none). */
  vatChecker?: VatNumberChecker;
  /** Engine errors go here instead of failing the next read (a test that expects one). */
  onError?: (error: unknown) => void;
  /** The license provider (default: the demo's sandbox). */
  licenses?: InterpreterContext['licenses'];
  /** The job queues the engine hands work to after an input commits (an order with nothing to pay). */
  jobs?: InterpreterContext['jobs'];
} = {}) {
  const demo = options.demo ?? (await demoStore());
  const clock = options.clock ?? fixedClock('2026-11-26T10:00:00Z');
  const key: ConversationKey = { channel: 'console', chatId: 'local', userId: 'local', ...options.key };
  const errors: unknown[] = [];
  const engine = conversationEngine({
    conversations: knexConversationStore(demo.knex),
    licenses: options.licenses ?? demo.provider,
    hasher: (await import('./demo-store')).testHasher,
    invitations: invitationDesk(demo.knex, (await import('./demo-store')).testHasher),
    admin: adminDesk(demo.knex, { hasher: (await import('./demo-store')).testHasher, telegramBot: 'demo_license_bot', vatChecker: options.vatChecker ?? null }),
    clock,
    paymentMethods: options.paymentMethods ?? ['offline'],
    ...(options.gateways ? { gateways: options.gateways } : {}),
    ...(options.paymentUrls ? { paymentUrls: options.paymentUrls } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    documents: pdfDocuments(demo.knex, { compress: false }),
    onError: (error) => (options.onError ? options.onError(error) : errors.push(error)),
  });
  const input = new PassThrough();
  const output = new PassThrough();
  const lines = createInterface({ input: output })[Symbol.asyncIterator]();
  // Files the console is sent (an invoice PDF) are written to a folder of this session's own.
  const documents = await mkdtemp(path.join(os.tmpdir(), 'console-documents-'));
  const finished = runJsonlConsole(engine, key, { input, output, documents: documentsFolder(documents), ...(options.notifications ? { notifications: options.notifications } : {}) });
  const transcript: OutMessage[] = [];

  async function untilReady(): Promise<OutMessage[]> {
    const got: OutMessage[] = [];
    for (;;) {
      const next = await lines.next();
      if (next.done) throw new Error('the console ended before "ready"');
      const parsed = JSON.parse(next.value) as OutMessage | { type: 'ready' };
      if (parsed.type === 'ready') break;
      got.push(parsed);
    }
    transcript.push(...got);
    if (errors.length > 0) throw errors[0];
    return got;
  }

  const greeting = await untilReady();
  const session = {
    demo,
    clock,
    engine,
    key,
    greeting,
    transcript,
    /** The latest message that has buttons. */
    lastWithButtons(): OutMessage {
      const found = [...transcript].reverse().find((m) => m.buttons.length > 0);
      if (!found) throw new Error('no message with buttons yet');
      return found;
    },
    /** The id of the latest message's button whose label matches. */
    buttonId(label: string | RegExp): string {
      const all = session.lastWithButtons().buttons.flat();
      const found = all.find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
      if (!found?.id) throw new Error(`no button ${String(label)} in: ${all.map((b) => b.label).join(' | ')}`);
      return found.id;
    },
    async raw(line: string) {
      input.write(line + '\n');
      return untilReady();
    },
    send: (text: string) => session.raw(JSON.stringify({ type: 'text', text })),
    pressId: (id: string) => session.raw(JSON.stringify({ type: 'press', id })),
    press: (label: string | RegExp) => session.pressId(session.buttonId(label)),
    /** Logs in as a demo user. */
    async login(username = 'demo', password = `${username === 'demo' ? 'demo' : username.replace(/\d+$/, '')}-pass-1`) {
      await session.send(username);
      return session.send(password);
    },
    text: (messages: OutMessage[]) => messages.map((m) => m.text).join('\n'),
    /** The folder the console writes the files it is sent to. */
    documents,
    async close() {
      input.end();
      await finished;
      await rm(documents, { recursive: true, force: true });
    },
  };
  return session;
}
