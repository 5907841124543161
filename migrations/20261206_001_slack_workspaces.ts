import type { Knex } from 'knex';

// Many Slack workspaces: each installation (OAuth) keeps its bot token, encrypted, with the
// fingerprint of the key that sealed it; the install flow's one-time states; and the
// workspace (team) of every Slack chat the bot has seen, so that a notification to a chat
// goes out with that workspace's token and an uninstall finds its members.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('slack_installations', (t) => {
    t.text('team_id').primary();
    t.text('team_name');
    t.text('app_id');
    t.text('bot_user_id').notNullable();
    t.text('bot_id');
    t.text('scopes').notNullable().defaultTo('');
    // iv + ciphertext + tag (AES-256-GCM), sealed for this team id; never the token itself.
    t.binary('bot_token_sealed').notNullable();
    t.text('token_key_id').notNullable();
    t.text('installed_by');
    t.timestamp('installed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('slack_install_states', (t) => {
    // SHA-256 of the state: the database never holds one that could be replayed.
    t.text('state_hash').primary();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
  await knex.raw('create index slack_install_states_expires on slack_install_states (expires_at)');
  await knex.schema.createTable('slack_chats', (t) => {
    t.text('chat_id').primary();
    t.text('team_id').notNullable();
    t.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index slack_chats_team on slack_chats (team_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('slack_chats');
  await knex.schema.dropTable('slack_install_states');
  await knex.schema.dropTable('slack_installations');
}
