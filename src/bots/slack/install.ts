// Installing the Slack app in a workspace (OAuth v2): GET /slack/install sends the browser to
// Slack's authorize page with the bot's scopes and a state; Slack sends it back to
// GET /slack/oauth_redirect with a code, which oauth.v2.access trades for the workspace's bot
// token. The state is single use, lapses after 10 minutes and is bound to the browser that
// started the install by a cookie, so a link crafted by someone else installs nothing. An
// install that cannot be kept (organisation-wide, token rotation on, the new token not
// answering) is undone at Slack with apps.uninstall, so that the app is never left installed
// in a workspace that the product does not answer.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { webApi } from '@slack/bolt';
import type { HttpRequest, HttpResponse, Route } from '../../infra/http/server';
import type { Logger } from '../../infra/log';
import { boltLogger } from './bolt-logger';
import type { SlackInstallation, SlackWorkspaceStore } from './workspace-store';

export const INSTALL_PATH = '/slack/install';
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';
/** What the bot needs: direct messages, mentions, the slash command, files, the App Home. */
export const BOT_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write'] as const;
const AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
/** The state's cookie is named after the state, so that two installs from one browser do not collide. */
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
  // The cookie goes back to the redirect URL's own path (whatever PUBLIC_URL made it).
  const cookiePath = new URL(options.redirectUrl).pathname;
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    logger: boltLogger(options.log),
  };
  // A code is traded once: a trade is never sent again (Slack may have taken the code before failing).
  const client = new webApi.WebClient(undefined, { ...clientOptions, retryConfig: { retries: 0 } });

  async function install(request: HttpRequest): Promise<HttpResponse> {
    const state = randomBytes(32).toString('base64url');
    const now = options.now();
    const issued = await options.store.issueState(hash(state), new Date(now.getTime() + STATE_LIFETIME_MS), now);
    if (issued === 'too_many') {
      request.log.warn('slack install: too many installs under way at once; an install was turned away');
      return page(503, 'Too many installs are under way right now. Try again in a few minutes.');
    }
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
        'set-cookie': `${stateCookie(state)}=${state}; Path=${cookiePath}; Max-Age=${STATE_LIFETIME_MS / 1000}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
      },
    };
  }

  /** A short HTML page for the installer's browser; `state` names the state's cookie to drop. */
  function page(status: number, text: string, state?: string): HttpResponse {
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return {
      status,
      body: `<!doctype html><meta charset="utf-8"><title>Slack app</title><p>${escaped}</p>\n`,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...(state !== undefined ? { 'set-cookie': `${stateCookie(state)}=; Path=${cookiePath}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}` } : {}),
      },
    };
  }

  /** Undoes at Slack an install the product does not keep; a failure is logged (the admin can remove the app by hand). */
  async function undo(request: HttpRequest, token: string, teamId: string | undefined, why: string): Promise<void> {
    try {
      await new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 1, maxRetryTime: 5_000 } })
        .apps.uninstall({ client_id: options.clientId, client_secret: options.clientSecret });
      request.log.info(`slack install: ${why}; the app was uninstalled from ${teamId ?? 'the organisation'} again`);
    } catch (error) {
      request.log.error(`slack install: ${why}, and uninstalling the app from ${teamId ?? 'the organisation'} again failed (${describe(error)}): remove it there by hand`);
    }
  }

  async function redirect(request: HttpRequest): Promise<HttpResponse> {
    const state = request.query.get('state') ?? '';
    const cookie = state === '' ? undefined : cookieOf(request, stateCookie(state));
    // Only the browser that started the install may finish it.
    if (state === '' || cookie === undefined || !sameText(state, cookie)) {
      return page(400, 'This install link was not started in this browser. Start again from /slack/install.');
    }
    const taken = await options.store.takeState(hash(state), options.now());
    switch (taken) {
      case 'valid':
        break;
      case 'expired':
        return page(400, 'This install link has expired (10 minutes). Start again from /slack/install.', state);
      case 'unknown':
        return page(400, 'This install link is not valid (already used, or not issued here). Start again from /slack/install.', state);
      default: {
        const never: never = taken;
        throw new Error(`unexpected state ${String(never)}`);
      }
    }
    if (request.query.get('error')) return page(200, 'The app was not installed: the installation was cancelled in Slack.', state);
    const code = request.query.get('code');
    if (!code) return page(400, 'Slack sent no code back. Start again from /slack/install.', state);

    let granted;
    try {
      granted = await client.oauth.v2.access({ client_id: options.clientId, client_secret: options.clientSecret, code, redirect_uri: options.redirectUrl });
    } catch (error) {
      request.log.warn(`slack install: oauth.v2.access refused the code: ${describe(error)}`);
      return page(502, 'Slack did not accept the installation. Start again from /slack/install.', state);
    }
    const teamId = granted.team?.id;
    if (!granted.access_token) return page(502, 'Slack granted no bot token. Start again from /slack/install.', state);
    if (!teamId || !granted.bot_user_id || granted.is_enterprise_install) {
      await undo(request, granted.access_token, teamId, 'an organisation-wide install was refused');
      return page(400, 'Install the app in one workspace (an organisation-wide install is not supported). Start again from /slack/install.', state);
    }
    // A rotating token lapses after 12 hours; the product keeps a token as it is given.
    if (granted.refresh_token || granted.expires_in) {
      await undo(request, granted.access_token, teamId, 'an install with token rotation was refused');
      return page(400, "The app's token rotation is turned on, which the product does not support: turn it off under OAuth & Permissions in the app's settings, then start again from /slack/install.", state);
    }
    // The bot's own id (its messages are recognised by it) comes from the new token.
    let me;
    try {
      me = await new webApi.WebClient(granted.access_token, { ...clientOptions, retryConfig: { retries: 1, maxRetryTime: 5_000 } }).auth.test();
    } catch (error) {
      const why = `auth.test with the new token of ${teamId} failed: ${describe(error)}`;
      request.log.warn(`slack install: ${why}`);
      // Installed before, the workspace keeps its installation (and the app); new, the app is removed again.
      const installedBefore = await options.store.installation(teamId).catch(() => undefined);
      if (!installedBefore) await undo(request, granted.access_token, teamId, 'the new token could not be checked');
      return page(502, 'Slack could not be asked who the bot is. Start again from /slack/install.', state);
    }
    const installation: SlackInstallation = {
      teamId, teamName: granted.team?.name, appId: granted.app_id, botUserId: granted.bot_user_id, botId: me.bot_id,
      botToken: granted.access_token, scopes: granted.scope ?? '', installedBy: granted.authed_user?.id,
    };
    await options.store.install(installation);
    options.onInstalled?.(installation);
    options.log.info(`slack: installed in workspace ${teamId}${installation.teamName ? ` (${installation.teamName})` : ''} by ${installation.installedBy ?? 'someone'}`);
    return page(200, `Installed in ${installation.teamName ?? teamId}. Open Slack and write to the app in its Messages tab, or type /3cx.`, state);
  }

  return [
    { method: 'GET', path: INSTALL_PATH, handle: install },
    { method: 'GET', path: OAUTH_REDIRECT_PATH, handle: redirect },
  ];
}

/** The cookie of one install's state: named after it, so that two installs from one browser both finish. */
export function stateCookie(state: string): string {
  return `${STATE_COOKIE}_${hash(state).slice(0, 12)}`;
}

function describe(error: unknown): string {
  return slackError(error) || (error instanceof Error ? error.message : String(error));
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

function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : '';
}
