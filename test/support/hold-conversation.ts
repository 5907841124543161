import type { Knex } from 'knex';

/**
 * Holds a conversation's row locked by another transaction, as a busy database would hold it,
 * until `release` is called (which waits for that transaction to end).
 */
export async function holdConversation(knex: Knex, key: { channel: string; chat_id: string; external_user_id: string }): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  let failed!: (error: unknown) => void;
  const isLocked = new Promise<void>((resolve, reject) => ((locked = resolve), (failed = reject)));
  const holder = knex.transaction(async (trx) => {
    const row = await trx('conversations').where(key).forUpdate().first('id');
    if (!row) throw new Error(`no conversation ${JSON.stringify(key)} to hold`);
    locked();
    await released;
  });
  holder.catch(failed);
  await isLocked;
  return {
    async release() {
      release();
      await holder;
    },
  };
}
