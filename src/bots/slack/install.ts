// Installing the Slack app in a workspace (OAuth v2): GET /slack/install sends the browser to
// Slack's authorize page with the bot's scopes and a state; Slack sends it back to
// GET /slack/oauth_redirect with a code, which oauth.v2.access trades for the workspace's bot
// token. The state is single use, lapses after 10 minutes and is bound to the browser that
// started the install by a cookie, so a link crafted by someone else installs nothing.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { webApi } from '@slack/bolt';
import type { HttpRequest, HttpResponse, Route } from '../../infra/http/server';
import type { Logger } from '../../infra/log';
import type { SlackInstallation, SlackWorkspaceStore } from './workspace-store';

export const INSTALL_PATH = '/slack/install';
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';
/** What the bot needs: direct messages, mentions, the slash command, files, the App Home. */
export const BOT_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write'] as const;
const AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
const STATE_COOKIE = 'slack_install_state';
export const STATE_LIFETIME_MS = 10 * 60_000;

export interface SlackInstallOptions {
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL/slack/oauth_redirect, as registered in the app's settings. */
  redirectUrl: string;
  store: SlackWorkspaceStore;
  /** Another Web API base URL (a test server); Slack's own by default. */
  apiUrl?: string;
  /** Another authorize page (a test's); Slack's own by default. */
  authorizeUrl?: string;
  /** The real time: states lapse by it. */
  now(): Date;
  log: Logger;
  /** Told of each workspace installed. */
  onInstalled?(installation: SlackInstallation): void;
}

export function slackInstallRoutes(options: SlackInstallOptions): Route[] {
  const secure = options.redirectUrl.startsWith('https:');
  const client = new webApi.WebClient(undefined, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    retryConfig: { retries: 1, maxRetryTime: 5_000 },
  });

  async function install(): Promise<HttpResponse> {
    const state = randomBytes(32).toString('base64url');
    await options.store.issueState(hash(state), new Date(options.now().getTime() + STATE_LIFETIME_MS));
    const to = new URL(options.authorizeUrl ?? AUTHORIZE_URL);
    to.searchParams.set('client_id', options.clientId);
    to.searchParams.set('scope', BOT_SCOPES.join(','));
    to.searchParams.set('redirect_uri', options.redirectUrl);
    to.searchParams.set('state', state);
    return {
      status: 302,
      body: '',
      headers: {
        location: to.toString(),
        'cache-control': 'no-store',
        // Lax: the cookie comes back with Slack's redirect (a top-level GET), never with another site's request.
        'set-cookie': `${STATE_COOKIE}=${state}; Path=${OAUTH_REDIRECT_PATH}; Max-Age=${STATE_LIFETIME_MS / 1000}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
      },
    };
  }

  async function redirect(request: HttpRequest): Promise<HttpResponse> {
    const state = request.query.get('state') ?? '';
    const cookie = cookieOf(request, STATE_COOKIE);
    // Only the browser that started the install may finish it.
    if (state === '' || cookie === undefined || !sameText(state, cookie)) {
      return page(400, 'This install link was not started in this browser. Start again from /slack/install.');
    }
    const taken = await options.store.takeState(hash(state), options.now());
    switch (taken) {
      case 'valid':
        break;
      case 'expired':
        return page(400, 'This install link has expired (10 minutes). Start again from /slack/install.', true);
      case 'unknown':
        return page(400, 'This install link is not valid (already used, or not issued here). Start again from /slack/install.', true);
      default: {
        const never: never = taken;
        throw new Error(`unexpected state ${String(never)}`);
      }
    }
    if (request.query.get('error')) return page(200, 'The app was not installed: the installation was cancelled in Slack.', true);
    const code = request.query.get('code');
    if (!code) return page(400, 'Slack sent no code back. Start again from /slack/install.', true);

    let granted;
    try {
      granted = await client.oauth.v2.access({ client_id: options.clientId, client_secret: options.clientSecret, code, redirect_uri: options.redirectUrl });
    } catch (error) {
      request.log.warn(`slack install: oauth.v2.access refused the code: ${slackError(error) || (error instanceof Error ? error.message : String(error))}`);
      return page(502, 'Slack did not accept the installation. Start again from /slack/install.', true);
    }
    const teamId = granted.team?.id;
    if (!teamId || !granted.access_token || !granted.bot_user_id || granted.is_enterprise_install) {
      return page(400, 'Install the app in one workspace (an organisation-wide install is not supported). Start again from /slack/install.', true);
    }
    // The bot's own id (its messages are recognised by it) comes from the new token.
    let me;
    try {
      me = await new webApi.WebClient(granted.access_token, { slackApiUrl: client.slackApiUrl, retryConfig: { retries: 1, maxRetryTime: 5_000 } }).auth.test();
    } catch (error) {
      request.log.warn(`slack install: auth.test with the new token of ${teamId} failed: ${slackError(error) || (error instanceof Error ? error.message : String(error))}`);
      return page(502, 'Slack could not be asked who the bot is. Start again from /slack/install.', true);
    }
    const installation: SlackInstallation = {
      teamId, teamName: granted.team?.name, appId: granted.app_id, botUserId: granted.bot_user_id, botId: me.bot_id,
      botToken: granted.access_token, scopes: granted.scope ?? '', installedBy: granted.authed_user?.id,
    };
    await options.store.install(installation);
    options.onInstalled?.(installation);
    options.log.info(`slack: installed in workspace ${teamId}${installation.teamName ? ` (${installation.teamName})` : ''} by ${installation.installedBy ?? 'someone'}`);
    return page(200, `Installed in ${installation.teamName ?? teamId}. Open Slack and write to the app in its Messages tab, or type /3cx.`, true);
  }

  return [
    { method: 'GET', path: INSTALL_PATH, handle: install },
    { method: 'GET', path: OAUTH_REDIRECT_PATH, handle: redirect },
  ];
}

function hash(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(request: HttpRequest, name: string): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** A short HTML page for the installer's browser; `clearState` drops the state's cookie. */
function page(status: number, text: string, clearState = false): HttpResponse {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status,
    body: `<!doctype html><meta charset="utf-8"><title>Slack app</title><p>${escaped}</p>\n`,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...(clearState ? { 'set-cookie': `${STATE_COOKIE}=; Path=${OAUTH_REDIRECT_PATH}; Max-Age=0; HttpOnly; SameSite=Lax` } : {}),
    },
  };
}

function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : '';
}
