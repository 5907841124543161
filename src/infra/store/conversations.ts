import type { Knex } from 'knex';
import type { ConversationKey, ConversationStore } from '../../conversation/engine';
import type { DistributorSettings } from '../../domain/accounts/accounts';
import { FAILURES_FORGOTTEN_AFTER_HOURS } from '../../domain/accounts/login';
import type { ConversationState } from '../../conversation/state';
import type { Housekeeping } from '../../jobs/ports';
import { CHAT_LOGIN_COLUMNS, CHAT_LOGIN_JOINS, distributorRepository, toChatLogin } from './accounts';
import { fusedTransaction, THEN_COMMIT } from '../db/fused-transaction';
import { DEFAULT_PATIENCE, patiently, type Patience } from './busy';
import { repositoriesFor } from './knex-store';

/**
 * The one statement that starts an input (a prepared statement, the hottest of all): it
 * records the platform's input id (a redelivery is a duplicate), locks and loads the
 * conversation, marks the chat reachable again (a new input from a chat that had blocked the
 * bot), and reads who the chat is logged in as and the version of the distributor's settings.
 * What it reads besides the conversation is as of the statement's start, before the lock was
 * granted: the session check reads it again when it does not confirm the session.
 */
const START_INPUT = `
with fresh as (
  insert into processed_inputs (channel, input_id) select ?, ? where ?::text is not null
  on conflict (channel, input_id) do nothing returning 1
), conversation as materialized (
  select id, state, version from conversations where channel = ? and chat_id = ? and external_user_id = ? for update
), reachable as (
  update channel_identities set unreachable_since = null, updated_at = now()
  where channel = ? and chat_id = ? and unreachable_since is not null and (?::text is null or exists (select from fresh))
)
select (?::text is null or exists (select from fresh)) as fresh, c.id, c.state, c.version,
  (select xmin::text from distributor_settings where id = 1) as settings_version, ${CHAT_LOGIN_COLUMNS}
from (values (1)) as one (n)
left join conversation c on true
left join channel_identities ci on ci.channel = ? and ci.external_user_id = ? and ci.chat_id = ?
${CHAT_LOGIN_JOINS}`;

/** The last statement of an input, sent with its COMMIT (fused-transaction.ts). */
const SAVE = 'update conversations set state = ?, version = ?, updated_at = now() where id = ?';

interface StartedInput {
  fresh: boolean;
  id: number | null;
  state: unknown;
  version: number | null;
  settings_version: string | null;
}

/**
 * Conversation states in PostgreSQL. The conversation's row is locked for the whole
 * transaction, so inputs of one conversation are handled one at a time across processes;
 * a platform's input id is recorded in the same transaction, so a redelivery is a duplicate.
 * An input of a conversation under way is BEGIN, START_INPUT, the commands' statements, the
 * save and COMMIT; BEGIN goes to PostgreSQL with START_INPUT and COMMIT with the save, so that
 * a /menu is three round trips, not five.
 *
 * The distributor's settings are kept in memory while the version of their row (its `xmin`,
 * which PostgreSQL changes with every update of the row, however it is made: a migration,
 * psql, a demo reset) is the one START_INPUT reads; a changed row is read again by the next
 * input, in every process.
 *
 * A busy database (no pooled connection within the acquire timeout, a lock or serialization
 * race lost) undoes the attempt, which is run again after a short pause, for up to
 * `patience.totalMs` (busy.ts); the engine answers t.busy only past that.
 */
export function knexConversationStore(knex: Knex, options: { patience?: Patience; onBusy?: (error: unknown, attempt: number) => void } = {}): ConversationStore {
  const patience = options.patience ?? DEFAULT_PATIENCE;
  let settings: { version: string; distributor: DistributorSettings } | undefined;
  async function settingsAt(db: Knex.Transaction, version: string | null): Promise<DistributorSettings> {
    if (version !== null && settings?.version === version) return settings.distributor;
    const distributor = await distributorRepository(db).get();
    // Read after the version: if the row changed in between, the next input reads it again.
    if (version !== null) settings = { version, distributor };
    return distributor;
  }

  return {
    withConversation: (key, inputId, work) => patiently(() =>
      fusedTransaction(knex, async (db) => {
        const { channel, chatId, userId } = key;
        const { rows } = await db.raw(START_INPUT, [
          channel, inputId, inputId, channel, chatId, userId, channel, chatId, inputId, inputId, channel, userId, chatId,
        ]).options({ name: 'conversation_start_input' });
        const started = rows[0] as StartedInput & Record<string, unknown>;
        if (!started.fresh) return { kind: 'duplicate' as const };
        const row = started.id !== null ? { id: started.id, state: started.state, version: started.version ?? 0 } : await created(db, key);
        const saved = row.version > 0 ? (row.state as ConversationState) : null;
        const repos = repositoriesFor(db, { distributor: await settingsAt(db, started.settings_version) });
        const { state, result } = await work(saved, repos, toChatLogin(started));
        await db.raw(SAVE, [JSON.stringify(state), row.version + 1, row.id]).options({ name: 'conversation_save', ...THEN_COMMIT });
        return { kind: 'handled' as const, result };
      }), patience, options.onBusy),
    read: (key, work) => patiently(() =>
      // A transaction only so that the repositories share one connection; nothing is locked or written.
      fusedTransaction(knex, async (db) => {
        const row = await db('conversations').where({ channel: key.channel, chat_id: key.chatId, external_user_id: key.userId }).first('state', 'version');
        return work(row && row.version > 0 ? row.state : null, repositoriesFor(db));
      }), patience, options.onBusy),
  };
}

/** A conversation's first input: its row is made (or found, made by a racing input) and locked. */
async function created(db: Knex.Transaction, key: ConversationKey): Promise<{ id: number; state: unknown; version: number }> {
  const where = { channel: key.channel, chat_id: key.chatId, external_user_id: key.userId };
  await db('conversations').insert({ ...where, state: { version: 0 }, version: 0 }).onConflict(['channel', 'chat_id', 'external_user_id']).ignore();
  return db('conversations').where(where).forUpdate().first('id', 'state', 'version');
}

/** Old input ids go in batches, so that a long backlog never holds one long transaction. */
export function conversationHousekeeping(knex: Knex): Housekeeping {
  return {
    async pruneProcessedInputs(before, limit) {
      const deleted = await knex.raw(
        'delete from processed_inputs where ctid in (select ctid from processed_inputs where at < ? order by at limit ?)',
        [before, limit],
      );
      return Number((deleted as { rowCount?: number }).rowCount ?? 0);
    },
    // The records loginRecordSpent (domain/accounts/login.ts) finds spent: as if there were none.
    async pruneLoginFailures(now, limit) {
      const deleted = await knex.raw(
        `delete from login_failures where ctid in (select ctid from login_failures
          where locked_until <= :now or (locked_until is null and (failed_attempts = 0 or last_failed_at <= :forgotten)) limit :limit)`,
        { now, forgotten: new Date(now.getTime() - FAILURES_FORGOTTEN_AFTER_HOURS * 3_600_000), limit },
      );
      return Number((deleted as { rowCount?: number }).rowCount ?? 0);
    },
  };
}
