// The Slack workspaces in PostgreSQL: installations with their bot tokens sealed (AES-256-GCM
// under SLACK_TOKEN_KEY, bound to the team id), the install flow's one-time states, and the
// workspace of each Slack chat.
import type { Knex } from 'knex';
import type { SlackWorkspaceStore } from '../../bots/slack/workspace-store';
import type { TokenCipher } from '../crypto/token-cipher';

interface InstallationRow {
  team_id: string;
  team_name: string | null;
  app_id: string | null;
  bot_user_id: string;
  bot_id: string | null;
  scopes: string;
  bot_token_sealed: Buffer;
  token_key_id: string;
  installed_by: string | null;
  installed_at: Date;
}

/** How long a lapsed install state is kept (to tell a late installer it expired) before it is swept. */
const STATE_GRACE_MS = 10 * 60_000;

export function knexSlackWorkspaces(knex: Knex, cipher: TokenCipher | undefined, options: { maxPendingStates?: number } = {}): SlackWorkspaceStore {
  // Anyone may open /slack/install: past this many states under way, new installs wait.
  const maxPendingStates = options.maxPendingStates ?? 10_000;
  const sealer = (): TokenCipher => {
    if (!cipher) throw new Error('SLACK_TOKEN_KEY is not set: installed workspaces\' tokens cannot be sealed or opened');
    return cipher;
  };
  return {
    async install(installation) {
      const sealed = sealer().seal(installation.botToken, installation.teamId);
      const row = {
        team_id: installation.teamId, team_name: installation.teamName ?? null, app_id: installation.appId ?? null,
        bot_user_id: installation.botUserId, bot_id: installation.botId ?? null, scopes: installation.scopes,
        bot_token_sealed: sealed.ciphertext, token_key_id: sealed.keyId, installed_by: installation.installedBy ?? null,
      };
      await knex('slack_installations').insert(row).onConflict('team_id').merge({ ...row, installed_at: knex.fn.now(), updated_at: knex.fn.now() });
    },

    async installation(teamId) {
      const row = await knex<InstallationRow>('slack_installations').where({ team_id: teamId }).first();
      if (!row) return undefined;
      const opened = sealer().open({ ciphertext: row.bot_token_sealed, keyId: row.token_key_id }, row.team_id);
      switch (opened.kind) {
        case 'opened':
          return {
            teamId: row.team_id, teamName: row.team_name ?? undefined, appId: row.app_id ?? undefined, botUserId: row.bot_user_id,
            botId: row.bot_id ?? undefined, botToken: opened.plaintext, scopes: row.scopes, installedBy: row.installed_by ?? undefined,
          };
        case 'other_key':
          throw new Error(`the bot token of Slack workspace ${teamId} was sealed with key ${opened.keyId}, but SLACK_TOKEN_KEY is key ${sealer().keyId}: set the key it was sealed with, or install the app in that workspace again`);
        case 'tampered':
          throw new Error(`the bot token of Slack workspace ${teamId} does not open with SLACK_TOKEN_KEY (changed in the database?): install the app in that workspace again`);
        default: {
          const never: never = opened;
          throw new Error(`unexpected ${String(never)}`);
        }
      }
    },

    uninstall(teamId, event) {
      return knex.transaction(async (trx) => {
        const row = await trx<InstallationRow>('slack_installations').where({ team_id: teamId }).forUpdate().first('installed_at', 'bot_user_id');
        if (row && event) {
          // Slack's event_time is in whole seconds: an install in the second after it is a new one.
          if (new Date(row.installed_at).getTime() >= event.at.getTime() + 1000) return { kind: 'kept', why: 'installed_since' } as const;
          if (event.botUserIds && !event.botUserIds.includes(row.bot_user_id)) return { kind: 'kept', why: 'another_bot' } as const;
        }
        await trx('slack_installations').where({ team_id: teamId }).delete();
        const chats = trx('slack_chats').where({ team_id: teamId }).select('chat_id');
        // A team channel chosen for approvals is in that workspace too: requests go to direct messages again.
        await trx('approval_team_chats').where({ channel: 'slack' }).whereIn('chat_id', chats).delete();
        const unlinked = await trx('channel_identities').where({ channel: 'slack' }).whereIn('chat_id', chats).whereNotNull('reseller_user_id')
          .update({ reseller_user_id: null, updated_at: trx.fn.now() });
        return { kind: 'forgotten', unlinked } as const;
      });
    },

    async rememberChat(chatId, teamId) {
      await knex('slack_chats').insert({ chat_id: chatId, team_id: teamId }).onConflict('chat_id').merge({ team_id: teamId, seen_at: knex.fn.now() });
    },

    async adoptChats(teamId) {
      const known = knex('channel_identities').where({ channel: 'slack' }).select('chat_id')
        .union(knex('approval_team_chats').where({ channel: 'slack' }).select('chat_id'));
      const adopted = await knex.raw(
        `insert into slack_chats (chat_id, team_id) select distinct k.chat_id, ? from (${known.toQuery()}) k
         where not exists (select 1 from slack_chats c where c.chat_id = k.chat_id) on conflict (chat_id) do nothing`,
        [teamId],
      ) as { rowCount: number | null };
      return adopted.rowCount ?? 0;
    },

    async sealedWithOtherKeys() {
      const [row] = await knex('slack_installations').whereNot({ token_key_id: sealer().keyId }).count({ count: '*' }) as Array<{ count: string | number }>;
      return Number(row?.count ?? 0);
    },

    async teamOf(chatId) {
      const row = await knex('slack_chats').where({ chat_id: chatId }).first('team_id');
      return row?.team_id as string | undefined;
    },

    async issueState(stateHash, expiresAt, now) {
      // The lapsed ones are swept on the way (kept a while to tell a late installer "expired").
      await knex('slack_install_states').where('expires_at', '<', new Date(now.getTime() - STATE_GRACE_MS)).delete();
      const [row] = await knex('slack_install_states').count({ count: '*' }) as Array<{ count: string | number }>;
      if (Number(row?.count ?? 0) >= maxPendingStates) return 'too_many';
      await knex('slack_install_states').insert({ state_hash: stateHash, expires_at: expiresAt });
      return 'issued';
    },

    async takeState(stateHash, now) {
      const [taken] = await knex('slack_install_states').where({ state_hash: stateHash }).delete().returning('expires_at');
      if (!taken) return 'unknown';
      return new Date(taken.expires_at as string | Date).getTime() > now.getTime() ? 'valid' : 'expired';
    },
  };
}
