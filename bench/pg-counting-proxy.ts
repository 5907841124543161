// A TCP proxy in front of PostgreSQL that counts the statements its clients send, by reading
// the frontend side of the wire protocol: a simple Query ('Q') is one statement, an Execute
// ('E') of the extended protocol is one (its text is the one its Bind and Parse named).
// Transactions are counted from the statements' texts: BEGIN opens one, and a statement sent
// outside one is a transaction of its own. A round trip is what the client sends in one write
// that holds a Query or a Sync (each answered by a ReadyForQuery): node-postgres then waits for
// the answers, unless it pipelines statements started together, which leave in one write. Used because pg_stat_statements needs a server
// restart to be loaded, and a benchmark may not restart a shared server.
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface StatementCounts {
  /** Every statement sent, BEGIN and COMMIT included. */
  statements: number;
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE: the statements that only frame others. */
  framing: number;
  /** Transactions: those begun with BEGIN, and each statement sent outside one (it is a transaction of its own). */
  transactions: number;
  /** Round trips: the client's writes (chunks, on loopback) holding a Query ('Q') or a Sync ('S'). */
  roundTrips: number;
}

const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;

/** Listens on 127.0.0.1 and forwards to the server of `databaseUrl`; answers the URL to give clients instead. */
export async function startCountingProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const counts: StatementCounts = { statements: 0, framing: 0, transactions: 0, roundTrips: 0 };
  let recording: string[] | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    // The extended protocol names what it executes: Parse names a statement, Bind a portal of it, Execute the portal.
    const prepared = new Map<string, string>();
    const portals = new Map<string, string>();
    let inTransaction = false;
    /** Whether the chunk being read asks for an answer. */
    let awaited = false;
    const executed = (sql: string) => {
      counts.statements++;
      recording?.push(sql.replace(/\s+/g, ' ').trim());
      if (/^\s*(begin|start\s+transaction)\b/i.test(sql)) {
        counts.framing++;
        counts.transactions++;
        inTransaction = true;
      } else if (/^\s*(commit|rollback|end|abort)\b/i.test(sql) && !/^\s*rollback\s+to\b/i.test(sql)) {
        counts.framing++;
        inTransaction = false;
      } else if (/^\s*(savepoint|release|rollback\s+to)\b/i.test(sql)) {
        counts.framing++;
      } else if (!inTransaction) {
        counts.transactions++;
      }
    };
    const parse = frontendParser((type, body) => {
      const strings = () => {
        const out: string[] = [];
        let from = 0;
        for (let i = 0; i < 2; i++) {
          const zero = body.indexOf(0, from);
          if (zero < 0) break;
          out.push(body.subarray(from, zero).toString('utf8'));
          from = zero + 1;
        }
        return out;
      };
      if (type === 0x51 /* Q */ || type === 0x53 /* S */) awaited = true;
      if (type === 0x51 /* Q */) {
        executed(strings()[0] ?? '');
      } else if (type === 0x50 /* P */) {
        const [name = '', sql = ''] = strings();
        prepared.set(name, sql);
      } else if (type === 0x42 /* B */) {
        const [portal = '', statement = ''] = strings();
        portals.set(portal, prepared.get(statement) ?? '');
      } else if (type === 0x45 /* E */) {
        executed(portals.get(strings()[0] ?? '') ?? '');
      }
    });
    client.on('data', (chunk: Buffer) => {
      awaited = false;
      parse(chunk);
      if (awaited) counts.roundTrips++;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    /** The counts so far (a copy). */
    counts: (): StatementCounts => ({ ...counts }),
    /** Keeps the text of every statement from now on, until `stopRecording` answers them. */
    record(): void {
      recording = [];
    },
    stopRecording(): string[] {
      const taken = recording ?? [];
      recording = undefined;
      return taken;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type CountingProxy = Awaited<ReturnType<typeof startCountingProxy>>;

/**
 * Splits a client's byte stream into messages: first the untyped start-up messages (an SSL
 * or GSS request, answered by one byte, may come before the StartupMessage), then typed
 * ones (a type byte and a length that counts itself).
 */
function frontendParser(onMessage: (type: number, body: Buffer) => void): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let startingUp = true;
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (startingUp) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        buffered = buffered.subarray(length);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) startingUp = false;
        continue;
      }
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) return;
      onMessage(buffered[0] ?? 0, buffered.subarray(5, 1 + length));
      buffered = buffered.subarray(1 + length);
    }
  };
}
