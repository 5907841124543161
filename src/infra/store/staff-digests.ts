import type { Knex } from 'knex';
import type { DigestStore } from '../../jobs/ports';
import { repositoriesFor } from './knex-store';

const DAY_MS = 24 * 3600_000;

/** The daily digests on PostgreSQL: a row per period, claimed under its primary key. */
export function staffDigestStore(knex: Knex): DigestStore {
  return {
    claim: (periodEnd, compose) =>
      knex.transaction(async (trx) => {
        const last = await trx('staff_digests').where('period_end', '<', periodEnd).orderBy('period_end', 'desc').first('period_end');
        const from = last ? new Date(last.period_end) : new Date(periodEnd.getTime() - DAY_MS);
        const [claimed] = await trx('staff_digests').insert({ period_end: periodEnd, period_start: from }).onConflict('period_end').ignore().returning('period_end');
        if (!claimed) return undefined;
        const repos = repositoriesFor(trx);
        const facts = await repos.staffDesk.digest(from, periodEnd);
        const outboxId = await repos.outbox.add({
          kind: 'staff_digest', dedupeKey: `staff_digest:${periodEnd.toISOString()}`, orderId: null, userId: null, channel: null, chatId: null,
          payload: { forStaff: true, text: compose(facts, from) },
        });
        if (outboxId === undefined) return undefined;
        await trx('staff_digests').where({ period_end: periodEnd }).update({ outbox_id: outboxId });
        return { outboxId };
      }),
  };
}
