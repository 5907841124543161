// The Slack workspaces the app is installed in (OAuth), as the Slack channel needs them. The
// knex twin lives in infra/store/slack-workspaces.ts; tokens are sealed there, never here.

/** One workspace's installation, its bot token in clear (only in memory). */
export interface SlackInstallation {
  teamId: string;
  teamName: string | undefined;
  appId: string | undefined;
  botUserId: string;
  botId: string | undefined;
  botToken: string;
  /** The scopes granted, comma-separated as Slack lists them. */
  scopes: string;
  /** The Slack user who installed it. */
  installedBy: string | undefined;
}

/** What a state of the install flow turned out to be when it came back. */
export type TakenState = 'valid' | 'expired' | 'unknown';

export interface SlackWorkspaceStore {
  /** Keeps an installation (a workspace installed again replaces its previous one). */
  install(installation: SlackInstallation): Promise<void>;
  installation(teamId: string): Promise<SlackInstallation | undefined>;
  /**
   * Forgets a workspace: its installation goes, and its members' Slack identities are
   * unlinked from their accounts (they log in again after a new install). Orders, carts and
   * the history stay as they are. Answers how many identities were unlinked.
   */
  uninstall(teamId: string): Promise<{ unlinked: number }>;
  /** Records the workspace of a chat (a direct message or a channel) the bot has seen. */
  rememberChat(chatId: string, teamId: string): Promise<void>;
  teamOf(chatId: string): Promise<string | undefined>;
  /** Keeps the hash of a state handed to an installer, until `expiresAt`. */
  issueState(stateHash: string, expiresAt: Date): Promise<void>;
  /** Takes a state back once: a second time it is unknown. */
  takeState(stateHash: string, now: Date): Promise<TakenState>;
}
