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

/** Slack's word that a workspace uninstalled the app or revoked its bot token. */
export interface UninstallEvent {
  /** When it happened (the event's `event_time`). */
  at: Date;
  /** tokens_revoked: the bot users whose tokens were revoked. */
  botUserIds?: readonly string[];
}

export type Uninstalled =
  | { kind: 'forgotten'; unlinked: number }
  /** A late event: the workspace installed the app again since, or another bot's token was revoked. */
  | { kind: 'kept'; why: 'installed_since' | 'another_bot' };

/** What a state of the install flow turned out to be when it came back. */
export type TakenState = 'valid' | 'expired' | 'unknown';

export interface SlackWorkspaceStore {
  /** Keeps an installation (a workspace installed again replaces its previous one). */
  install(installation: SlackInstallation): Promise<void>;
  installation(teamId: string): Promise<SlackInstallation | undefined>;
  /**
   * Forgets a workspace: its installation goes, and its members' Slack identities are
   * unlinked from their accounts (they log in again after a new install). Orders, carts and
   * the history stay as they are. `event` is Slack's word that it happened: an installation
   * made after `event.at`, or of a bot not in `event.botUserIds`, is kept (a late event).
   */
  uninstall(teamId: string, event?: UninstallEvent): Promise<Uninstalled>;
  /** Records the workspace of a chat (a direct message or a channel) the bot has seen. */
  rememberChat(chatId: string, teamId: string): Promise<void>;
  teamOf(chatId: string): Promise<string | undefined>;
  /**
   * Records `teamId` as the workspace of every Slack chat the product knows (linked members,
   * approval channels) whose workspace is not recorded: the chats of SLACK_BOT_TOKEN's
   * workspace from before the workspaces were recorded. Answers how many were recorded.
   */
  adoptChats(teamId: string): Promise<number>;
  /** How many installations' tokens were sealed with a key other than the one configured. */
  sealedWithOtherKeys(): Promise<number>;
  /**
   * Keeps the hash of a state handed to an installer, until `expiresAt`; states lapsed
   * before `now` are swept. Refused when too many installs are under way at once.
   */
  issueState(stateHash: string, expiresAt: Date, now: Date): Promise<'issued' | 'too_many'>;
  /** Takes a state back once: a second time it is unknown. */
  takeState(stateHash: string, now: Date): Promise<TakenState>;
}
