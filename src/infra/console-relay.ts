// Console notifications across processes. A console chat lives in one process (`npm run
// chat`), but the notifications worker that takes its message may be another's (`npm
// start`). Through PostgreSQL's LISTEN/NOTIFY the worker offers the message to every process;
// the one whose console is open for that chat prints it and answers, so the worker knows it
// was delivered. With no console open anywhere, it is tried again later, as before.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Reply } from '../conversation/reply';
import type { DeliveryOutcome } from '../jobs/notifier';
import type { Logger } from './log';

const OFFER = 'threecx_console_offer';
const TAKEN = 'threecx_console_taken';
/**
 * How long a worker waits for a console elsewhere to say it printed the message: an open
 * console answers in milliseconds; a busy machine must not make it look closed (the message
 * would be printed again later).
 */
const ANSWER_WITHIN_MS = 10_000;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7_900;

/** The local consoles' feed (consoleNotifier): who is open here, and printing to them. */
interface LocalConsoles {
  attach(chatId: string, print: (replies: Reply[]) => void): () => void;
  deliver(chatId: string, replies: Reply[]): Promise<DeliveryOutcome>;
}

export interface ConsoleRelay {
  attach(chatId: string, print: (replies: Reply[]) => void): () => void;
  deliver(chatId: string, replies: Reply[]): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

/**
 * The console notifier of a process: delivers to a console open here, else offers the
 * message to the other processes of the product on the same database.
 */
export async function consoleRelay(options: { databaseUrl: string; local: LocalConsoles; log: Logger; answerWithinMs?: number }): Promise<ConsoleRelay> {
  const { local, log } = options;
  const open = new Set<string>();
  const waiting = new Map<string, () => void>();
  let client: pg.Client | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.databaseUrl, application_name: 'threecx-console-relay' });
    next.on('error', (error) => {
      if (closed) return;
      log.warn(`console relay: ${error.message}; reconnecting`);
      client = undefined;
      setTimeout(() => void connect().catch(() => undefined), 1_000).unref();
    });
    next.on('notification', (message) => void heard(message.channel, message.payload ?? ''));
    await next.connect();
    await next.query(`listen ${OFFER}`);
    await next.query(`listen ${TAKEN}`);
    client = next;
  };

  async function heard(channel: string, payload: string): Promise<void> {
    try {
      const message = JSON.parse(payload) as { id: string; chatId?: string; replies?: Reply[] };
      if (channel === TAKEN) return waiting.get(message.id)?.();
      if (channel !== OFFER || !message.chatId || !message.replies || !open.has(message.chatId)) return;
      const outcome = await local.deliver(message.chatId, message.replies);
      if (outcome.kind === 'delivered') await client?.query('select pg_notify($1, $2)', [TAKEN, JSON.stringify({ id: message.id })]);
    } catch (error) {
      log.warn(`console relay: a message could not be handled (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  await connect();
  return {
    attach(chatId, print) {
      open.add(chatId);
      const detach = local.attach(chatId, print);
      return () => {
        detach();
        open.delete(chatId);
      };
    },
    async deliver(chatId, replies) {
      if (open.has(chatId)) return local.deliver(chatId, replies);
      const id = randomUUID();
      const payload = JSON.stringify({ id, chatId, replies });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD || !client) return local.deliver(chatId, replies);
      const taken = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), options.answerWithinMs ?? ANSWER_WITHIN_MS);
        waiting.set(id, () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      try {
        await client.query('select pg_notify($1, $2)', [OFFER, payload]);
        if (await taken) return { kind: 'delivered' };
      } finally {
        waiting.delete(id);
      }
      return local.deliver(chatId, replies); // nobody has it open: tried again later
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
