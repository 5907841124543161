import type { Knex } from 'knex';

/** Marks a chat that blocked the bot, so that it is not messaged again until its user writes. */
export async function markChatUnreachable(knex: Knex, channel: 'telegram' | 'slack' | 'console', chatId: string): Promise<void> {
  await knex('channel_identities').where({ channel, chat_id: chatId }).whereNull('unreachable_since').update({ unreachable_since: knex.fn.now(), updated_at: knex.fn.now() });
}

/** A chat that writes to the bot again can be messaged again. */
export async function markChatReachable(knex: Knex, channel: 'telegram' | 'slack' | 'console', chatId: string): Promise<void> {
  await knex('channel_identities').where({ channel, chat_id: chatId }).whereNotNull('unreachable_since').update({ unreachable_since: null, updated_at: knex.fn.now() });
}
