import type { Knex } from 'knex';

// Every input marks its chat reachable again in the statement that starts it
// (src/infra/store/conversations.ts), looking for the chat's identities that are marked
// unreachable: few rows, found by this small index instead of a scan of all identities.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index channel_identities_unreachable_chat on channel_identities (channel, chat_id) where unreachable_since is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index channel_identities_unreachable_chat');
}
