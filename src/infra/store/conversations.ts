import type { Knex } from 'knex';
import type { ConversationStore } from '../../conversation/engine';
import { FAILURES_FORGOTTEN_AFTER_HOURS } from '../../domain/accounts/login';
import type { ConversationState } from '../../conversation/state';
import type { Housekeeping } from '../../jobs/ports';
import { repositoriesFor } from './knex-store';

/**
 * Conversation states in PostgreSQL. The conversation's row is locked for the whole
 * transaction, so inputs of one conversation are handled one at a time across processes;
 * a platform's input id is recorded in the same transaction, so a redelivery is a duplicate.
 */
export function knexConversationStore(knex: Knex): ConversationStore {
  return {
    withConversation: (key, inputId, work) =>
      knex.transaction(async (db) => {
        if (inputId !== null) {
          const fresh = await db('processed_inputs').insert({ channel: key.channel, input_id: inputId }).onConflict(['channel', 'input_id']).ignore().returning('input_id');
          if (fresh.length === 0) return { kind: 'duplicate' as const };
        }
        const where = { channel: key.channel, chat_id: key.chatId, external_user_id: key.userId };
        await db('conversations').insert({ ...where, state: { version: 0 }, version: 0 }).onConflict(['channel', 'chat_id', 'external_user_id']).ignore();
        const row = await db('conversations').where(where).forUpdate().first('id', 'state', 'version');
        const saved = row && row.version > 0 ? (row.state as ConversationState) : null;
        const { state, result } = await work(saved, repositoriesFor(db));
        await db('conversations').where({ id: row.id }).update({ state, version: row.version + 1, updated_at: db.fn.now() });
        return { kind: 'handled' as const, result };
      }),
    read: (key, work) =>
      // A transaction only so that the repositories share one connection; nothing is locked or written.
      knex.transaction(async (db) => {
        const row = await db('conversations').where({ channel: key.channel, chat_id: key.chatId, external_user_id: key.userId }).first('state', 'version');
        return work(row && row.version > 0 ? row.state : null, repositoriesFor(db));
      }),
  };
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
