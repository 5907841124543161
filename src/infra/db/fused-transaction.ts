// A knex transaction whose BEGIN goes to PostgreSQL with its first statement, and whose COMMIT
// with the statement marked to go with it: two round trips fewer per transaction, each of which
// costs a write and a wake-up on both sides (node-postgres sends one statement and waits for its
// answer before the next). What PostgreSQL runs is unchanged: BEGIN, the statements, COMMIT.
// Statements sent at once (Promise.all) go in one write and are answered in one round trip too.
import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import pg from 'pg';

/**
 * knex raw options for a transaction's last statement: COMMIT goes with it (see fusedTransaction).
 * A failure of either fails the statement, and the transaction is rolled back as any other.
 */
export const THEN_COMMIT = { thenCommit: true } as const;

/**
 * Runs `work` in a READ COMMITTED transaction as knex.transaction does, on one of knex's pooled
 * connections: knex's BEGIN is held back and sent in front of the first statement, in one
 * round trip; a statement with THEN_COMMIT in its options is sent with COMMIT behind it, and
 * knex's own COMMIT after it is then answered without a round trip (with that COMMIT's
 * failure, if it failed). A transaction that sent nothing sends neither BEGIN nor ROLLBACK.
 * Statements started together (Promise.all) are sent together, in node-postgres's pipeline mode
 * (each in a Sync of its own: they run in the order started, and a failure fails the
 * transaction as it would have one after another).
 */
export async function fusedTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const pool = knex.client as { acquireConnection(): Promise<pg.Client>; releaseConnection(connection: pg.Client): Promise<void> };
  const client = await pool.acquireConnection();
  const lent = new LentConnection(client);
  // Set back before the connection goes back to the pool: by then knex has had every answer
  // (its ROLLBACK or COMMIT came last), so nothing is left in the pipeline.
  pipelining(client, true);
  try {
    return await knex.transaction(work, { connection: lent });
  } finally {
    pipelining(client, false);
    // A query knex gave up on marks its connection: the pool then destroys it rather than reuse it.
    if (lent.__knex__disposed !== undefined) (client as { __knex__disposed?: unknown }).__knex__disposed ??= lent.__knex__disposed;
    await pool.releaseConnection(client);
  }
}

/**
 * node-postgres's pipeline mode on a pooled connection, for one transaction: its typings make
 * `pipeline` a constructor option only, but the client reads it at each query, and an idle
 * client (nothing queued or in flight) may switch.
 */
function pipelining(client: pg.Client, on: boolean): void {
  (client as { pipeline: boolean }).pipeline = on;
}

type QueryConfig = pg.QueryConfig & { thenCommit?: boolean };
type Callback = (error: Error | null, result?: unknown) => void;

/** What knex's PostgreSQL dialect uses of a connection: `query(config, callback)`. */
class LentConnection {
  /** Set by knex when it gives up on a query. */
  __knex__disposed: unknown;
  /** BEGIN waits here until the first statement. */
  private begin: 'held' | 'sent' | 'none' = 'none';
  /** The outcome of a COMMIT sent behind a statement, once sent. */
  private committed: { error: Error | null } | undefined;

  /** Writes wait for the end of the tick, so that statements started together leave in one write. */
  private corked = false;

  constructor(private readonly client: pg.Client) {}

  private corkUntilNextTick(): void {
    if (this.corked) return;
    const socket = (this.client as unknown as { connection: { stream: Writable } }).connection.stream;
    socket.cork();
    this.corked = true;
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  query(config: QueryConfig | pg.Submittable, callback: Callback): unknown {
    if (!('text' in config) || typeof config.text !== 'string') {
      // A stream (knex's .stream(): pg-query-stream) is its own kind of query: passed on as it is,
      // but never as a transaction's first statement, which would have to carry the BEGIN.
      if (this.begin !== 'held') return this.client.query(config as pg.Submittable);
      throw new Error('fusedTransaction: a stream cannot be the first statement of a transaction');
    }
    const text = framing(config.text);
    if (text === 'BEGIN' && this.begin === 'none') {
      this.begin = 'held';
      return answerLater(callback, null, { command: 'BEGIN', rows: [], rowCount: null });
    }
    if ((text === 'COMMIT' || text === 'ROLLBACK') && this.begin === 'held') {
      // Nothing was sent: there is no transaction to end.
      this.begin = 'none';
      return answerLater(callback, null, { command: text, rows: [], rowCount: null });
    }
    if (text === 'COMMIT' && this.committed !== undefined) {
      return answerLater(callback, this.committed.error, { command: 'COMMIT', rows: [], rowCount: null });
    }
    const before = this.begin === 'held' ? 'BEGIN' : undefined;
    if (before) this.begin = 'sent';
    const after = config.thenCommit === true ? 'COMMIT' : undefined;
    this.corkUntilNextTick();
    if (before === undefined && after === undefined) {
      this.client.query(config, callback);
      return;
    }
    this.client.query(new FusedQuery(config, before, after, (error, results) => {
      if (after) this.committed = { error };
      if (error) return callback(error);
      // The results of BEGIN and COMMIT are left out: the caller gets its statement's.
      const all = Array.isArray(results) ? results : [results];
      callback(null, all[before ? 1 : 0]);
    }));
  }
}

/** BEGIN, COMMIT or ROLLBACK as knex sends them ('BEGIN;', 'ROLLBACK'), else '' (without copying a long statement). */
function framing(sql: string): string {
  return sql.length <= 10 ? sql.trim().replace(/;$/, '').toUpperCase() : '';
}

function answerLater(callback: Callback, error: Error | null, result: unknown): void {
  process.nextTick(() => (error ? callback(error) : callback(null, result)));
}

/** The parts of node-postgres's Query and Connection used here (not in its typings). */
interface Wire {
  parse(message: { text: string }): void;
  bind(message: Record<string, never>): void;
  execute(message: { portal?: string; rows?: number }): void;
  sync(): void;
}
interface QueryInternals {
  portal: string;
  prepare(connection: Wire): void;
}

/**
 * A statement sent with the extended protocol, with a statement without parameters in front of
 * it and/or behind it in the same Sync: PostgreSQL runs them in order and skips the rest after a
 * failure, and one ReadyForQuery ends the round trip.
 */
class FusedQuery extends pg.Query {
  constructor(config: QueryConfig, private readonly before: string | undefined, private readonly after: string | undefined, callback: (error: Error | null, results: unknown) => void) {
    const { thenCommit: _, ...statement } = config;
    // Always prepared (Parse/Bind/Execute), even without parameters, so that the three share one Sync.
    super({ ...statement, queryMode: 'extended', callback } as pg.QueryConfig);
  }

  prepare(connection: Wire): void {
    if (this.before !== undefined) unnamed(connection, this.before);
    (pg.Query.prototype as unknown as QueryInternals).prepare.call(this, connection);
  }

  // node-postgres calls this after Describe, for the Execute and the Sync.
  _getRows(connection: Wire, rows: number | undefined): void {
    connection.execute({ portal: (this as unknown as QueryInternals).portal, rows });
    if (this.after !== undefined) unnamed(connection, this.after);
    connection.sync();
  }
}

/** Parse, Bind and Execute of a statement without parameters, unnamed. */
function unnamed(connection: Wire, text: string): void {
  connection.parse({ text });
  connection.bind({});
  connection.execute({});
}
