// A fake Slack on loopback, both directions of it.
//
// The Web API, reached by Bolt's WebClient through its `slackApiUrl` (SLACK_API_URL = `url`):
//   POST {url}{method}   Authorization: Bearer xoxb-…
// with a form body (the WebClient's way: every value is a form field, and nested ones such as
// `blocks` and `view` are JSON strings inside it) or a JSON body. It answers as Slack does:
// HTTP 200 with { ok: true, … } or { ok: false, error }, and HTTP 429 with Retry-After when
// rate limited. It checks the token, rejects the blocks and modals Slack would reject, keeps
// the messages the bot posted (edits and deletions show) and the modals it opened, records
// every call, and can be told to fail calls.
//
// Slack's requests to the product's route (POST {publicUrl}/slack/events): Events API
// envelopes as JSON; button presses and modal submissions as a form body `payload=<json>`;
// each signed as Slack signs them:
//   X-Slack-Request-Timestamp: <unix seconds>
//   X-Slack-Signature: v0=<hex HMAC-SHA256 of 'v0:<timestamp>:<raw body>' keyed with the signing secret>
// with options to forge them (another secret, a stale timestamp, a tampered body, no signature)
// and to send them as Slack's retries (X-Slack-Retry-Num).
//
// Many workspaces: the app's OAuth install (`authorizeInstall` plays the installer approving
// at Slack's authorize page, `oauth.v2.access` trades the code for a bot token of that
// workspace). Every token belongs to one workspace: auth.test answers for it, a channel or
// user of another workspace is not found with it, and a revoked token answers token_revoked. The `response_url` of a button press
// points back at this fake, which applies what the product posts there to the message.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordAck } from './ack-log';
import { header, readBody } from './http-helpers';

type Json = Record<string, unknown>;

/** A Block Kit block as Slack keeps it (Slack gives every block a block_id). */
export interface SlackBlock {
  type: string;
  block_id?: string;
  [field: string]: unknown;
}

/** One Web API call as the fake saw it. */
export interface SlackCall {
  method: string;
  /** The Authorization bearer token, else a `token` field of the body. */
  token: string | undefined;
  /** The workspace of that token, when the fake issued it. */
  team: string | undefined;
  /** The arguments as sent. Form values stay strings ('true', '42'); `blocks`, `view`, … are JSON-parsed. */
  body: Json;
  at: number;
  /** The HTTP status answered: 200 (also for { ok: false }), or the status a failure was told to have. */
  status: number;
  /** The JSON answered. */
  answered: Json;
}

/** A message the bot posted, as it stands now (after chat.update or a response_url reply). */
export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: SlackBlock[];
  threadTs?: string;
  /** Set on an ephemeral message (chat.postEphemeral, or a response_url reply): only this user sees it. */
  ephemeralTo?: string;
  edits: number;
  deleted: boolean;
}

/** A button of a message, as a user sees it. */
export interface SlackButton {
  actionId: string;
  blockId: string;
  text: string;
  value?: string;
  url?: string;
  style?: string;
}

/** How the next calls of a method fail: HTTP 429 + Retry-After, or HTTP 200 with { ok: false, error }. */
export interface SlackFailure {
  /** Default: 429 when `retryAfterSeconds` is given, else 200 (Slack's usual way to fail). */
  status?: number;
  /** Default: 'ratelimited' for 429, 'internal_error' for other non-200, else 'fatal_error'. */
  error?: string;
  /** The Retry-After header of a 429 (default 1). */
  retryAfterSeconds?: number;
}

/** Ways to forge a request to the product, or to send it as one of Slack's retries. */
export interface SendOptions {
  /** Sign with this secret instead of the real signing secret (a forger's). */
  secret?: string;
  /** The unix timestamp (seconds) to sign and send; default: now. */
  timestamp?: number;
  /** Sends no X-Slack-Signature header. */
  omitSignature?: boolean;
  /** Changes the body after it was signed. */
  tamper?: (rawBody: string) => string;
  /** Sends X-Slack-Retry-Num (and X-Slack-Retry-Reason), as Slack does when the product did not ack in 3 s. */
  retryNum?: number;
  retryReason?: string;
}

export interface SendResult {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
  /** What was sent, before signing and encoding. */
  payload: Json;
  /** How it was encoded: JSON (false), one form field `payload` (true), or form fields. */
  form: boolean | 'fields';
  /** How long the product took to answer: Slack gives up (and retries) after 3 s. */
  elapsedMs: number;
}

/** Input values of a modal submission: { [blockId]: { [actionId]: value } }; a string is a plain_text_input. */
export type ViewValues = Record<string, Record<string, string | { type: string; [field: string]: unknown }>>;

/** 'v0=' + hex HMAC-SHA256 of 'v0:<timestamp>:<raw body>' keyed with the signing secret. */
export function slackSignature(rawBody: string, timestamp: number, secret: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The buttons of a message (actions blocks, section accessories), in order. */
export function buttonsOf(message: Pick<SlackMessage, 'blocks'>): SlackButton[] {
  const buttons: SlackButton[] = [];
  for (const block of message.blocks ?? []) {
    for (const { element } of elementsOf(block)) {
      if (element.type !== 'button') continue;
      const text = isObject(element.text) ? String(element.text.text ?? '') : '';
      buttons.push({
        actionId: String(element.action_id ?? ''),
        blockId: String(block.block_id ?? ''),
        text,
        ...(typeof element.value === 'string' ? { value: element.value } : {}),
        ...(typeof element.url === 'string' ? { url: element.url } : {}),
        ...(typeof element.style === 'string' ? { style: element.style } : {}),
      });
    }
  }
  return buttons;
}

export const BOT_ID = 'BBOT';

export interface FakeSlackOptions {
  botToken: string;
  signingSecret: string;
  /** The bot's user id (auth.test, authorizations, mentions); default 'UBOT'. */
  botUserId?: string;
  teamId?: string;
  /** The app's OAuth credentials: oauth.v2.access accepts only these. */
  oauth?: { clientId: string; clientSecret: string };
}

/** A workspace the app is (or was) installed in, as the fake knows it. */
interface FakeWorkspace {
  teamId: string;
  name: string;
  botUserId: string;
  botId: string;
}

export async function startFakeSlack(options: FakeSlackOptions) {
  const { botToken, signingSecret } = options;
  const botUserId = options.botUserId ?? 'UBOT';
  const teamId = options.teamId ?? 'TFAKE';
  const appId = 'AFAKEAPP';
  // The deprecated verification token Slack still puts in every payload; Bolt ignores it.
  const verificationToken = 'fake-verification-token';
  const calls: SlackCall[] = [];
  const workspaces = new Map<string, FakeWorkspace>([[teamId, { teamId, name: 'Fake Team', botUserId, botId: BOT_ID }]]);
  // Every bot token the fake knows, with its workspace; revoked ones answer token_revoked.
  const tokens = new Map<string, { teamId: string; revoked: boolean }>([[botToken, { teamId, revoked: false }]]);
  // Users and channels of workspaces other than the first one (the rest are the first one's).
  const userTeams = new Map<string, string>();
  const channelTeams = new Map<string, string>();
  const teamOfUser = (user: unknown): string => userTeams.get(String(user)) ?? teamId;
  const teamObject = (team: string) => ({ id: team, domain: `fake-${team.toLowerCase()}` });
  const workspaceOf = (team: string): FakeWorkspace => workspaces.get(team) ?? { teamId: team, name: team, botUserId: `UBOT${team}`, botId: `BBOT${team}` };
  /** The channel is `user`'s workspace's from now on. */
  const seen = (channel: string, user: string): void => void channelTeams.set(channel, teamOfUser(user));
  // Codes handed to installers at the authorize page, traded once for a token.
  const codes = new Map<string, { team: string; user: string; scope: string; redirectUri: string | undefined; used: boolean; enterprise?: boolean }>();
  // The app's token rotation setting: on, oauth.v2.access grants a refresh token and an expiry.
  let tokenRotation = false;
  // Workspaces the app was uninstalled from with apps.uninstall, in order.
  const uninstalledTeams: string[] = [];
  const messages: SlackMessage[] = [];
  const views: Json[] = [];
  // The App Home each user sees (views.publish), by user id.
  const homes = new Map<string, Json>();
  const failures: Array<{ method: string; failure: SlackFailure; times: number }> = [];
  // trigger_id → whether views.open used it: Slack accepts a trigger once (and for 3 s, not checked here).
  const triggers = new Map<string, { exchanged: boolean }>();
  const responseUrls = new Map<string, { channel: string; messageTs: string; user: string }>();
  const responses: Array<{ url: string; body: Json }> = [];
  let tsSeq = 0;
  let idSeq = 0;

  /** Slack's message timestamps: unique per channel, increasing, '<unix seconds>.<6 digits>'. */
  function nextTs(): string {
    const micros = ++tsSeq * 100;
    return `${1_700_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }
  const nextId = (prefix: string) => `${prefix}${(++idSeq).toString(36).toUpperCase().padStart(4, '0')}${randomBytes(3).toString('hex').toUpperCase()}`;

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'fatal_error', detail: String(error) }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const raw = await readBody(req);
    const api = /^\/api\/([\w.]+)$/.exec(path);
    if (req.method === 'POST' && api?.[1]) return serveApi(api[1], req, raw, res);
    if (req.method === 'POST' && path.startsWith('/respond/')) return serveResponseUrl(path, req, raw, res);
    // The upload URL files.getUploadURLExternal hands out: the file's bytes arrive here.
    const upload = /^\/upload\/(\w+)$/.exec(path);
    if (req.method === 'POST' && upload?.[1] && pendingUploads.has(upload[1])) {
      // As sent: the bytes alone, or a multipart form around them.
      Object.assign(pendingUploads.get(upload[1]) as object, { received: Buffer.byteLength(raw), body: raw });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${Buffer.byteLength(raw)}`);
      return;
    }
    answer(res, 404, { ok: false, error: 'not_found' });
  }

  function serveApi(method: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    let body: Json = {};
    let malformed = false;
    try {
      body = parseApiBody(header(req, 'content-type') ?? '', raw);
    } catch {
      malformed = true;
    }
    const bearer = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];
    const token = bearer ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: SlackCall = { method, token, team: token === undefined ? undefined : tokens.get(token)?.teamId, body, at: Date.now(), status: 200, answered: {} };
    calls.push(call);
    const reply = (status: number, answered: Json, headers: Record<string, string> = {}) => {
      call.status = status;
      call.answered = answered;
      answer(res, status, answered, headers);
    };

    const failure = failures.find((f) => (f.method === method || f.method === '*') && f.times > 0);
    if (failure) {
      failure.times--;
      const { retryAfterSeconds } = failure.failure;
      const status = failure.failure.status ?? (retryAfterSeconds === undefined ? 200 : 429);
      const error = failure.failure.error ?? (status === 429 ? 'ratelimited' : status === 200 ? 'fatal_error' : 'internal_error');
      return reply(status, { ok: false, error }, status === 429 ? { 'retry-after': String(retryAfterSeconds ?? 1) } : {});
    }
    const handler = methods[method];
    if (method === 'oauth.v2.access') {
      const result = oauthAccess(body, header(req, 'authorization'));
      return reply(200, typeof result.error === 'string' ? { ok: false, ...result } : { ok: true, ...result });
    }
    if (!handler) return reply(200, { ok: false, error: 'unknown_method', req_method: method });
    if (token === undefined || token === '') return reply(200, { ok: false, error: 'not_authed' });
    const holder = tokens.get(token);
    if (!holder) return reply(200, { ok: false, error: 'invalid_auth' });
    if (holder.revoked) return reply(200, { ok: false, error: 'token_revoked' });
    if (malformed) return reply(200, { ok: false, error: 'invalid_json' });
    // A channel or user of another workspace does not exist for this token.
    for (const field of ['channel', 'channel_id', 'user_id', 'users', 'user']) {
      const named = str(body[field]);
      const owner = /^[UW]/.test(named) ? (userTeams.get(named) ?? teamId) : channelTeams.get(named) ?? (/^D[UW]/.test(named) ? teamOfUser(named.slice(1)) : undefined);
      if (named !== '' && owner !== undefined && owner !== holder.teamId) return reply(200, { ok: false, error: field.startsWith('user') ? 'user_not_found' : 'channel_not_found' });
    }
    const result = handler(body, holder.teamId);
    reply(200, typeof result.error === 'string' ? { ok: false, ...result } : { ok: true, ...result });
  }

  // Each answers the fields of its result, or { error, … } for { ok: false, error, … }.
  const pendingUploads = new Map<string, { filename: string; length: number; received: number; body: string }>();
  const files: Array<{ id: string; title: string; filename: string; length: number; body: string; channel: string }> = [];

  /** oauth.v2.access: the app's credentials (form fields or HTTP Basic) and a code, traded once for a bot token. */
  function oauthAccess(body: Json, authorization: string | undefined): Json {
    const basic = /^Basic (.+)$/.exec(authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = str(body.client_id) || basicId;
    const clientSecret = str(body.client_secret) || basicSecret;
    if (!options.oauth || clientId !== options.oauth.clientId) return { error: 'invalid_client_id' };
    if (clientSecret !== options.oauth.clientSecret) return { error: 'bad_client_secret' };
    const grant = codes.get(str(body.code));
    if (!grant || grant.used) return { error: 'invalid_code' };
    grant.used = true;
    if (grant.redirectUri !== undefined && str(body.redirect_uri) !== grant.redirectUri) return { error: 'bad_redirect_uri' };
    const workspace = workspaceOf(grant.team);
    workspaces.set(grant.team, workspace);
    const token = `xoxb-${grant.team}-${randomBytes(12).toString('hex')}`;
    tokens.set(token, { teamId: grant.team, revoked: false });
    return {
      ...(tokenRotation ? { refresh_token: `xoxe-1-${randomBytes(12).toString('hex')}`, expires_in: 43_200 } : {}),
      access_token: token, token_type: 'bot', scope: grant.scope, bot_user_id: workspace.botUserId, app_id: appId,
      ...(grant.enterprise
        ? { team: null, enterprise: { id: `E${grant.team}`, name: workspace.name }, is_enterprise_install: true }
        : { team: { id: workspace.teamId, name: workspace.name }, enterprise: null, is_enterprise_install: false }),
      authed_user: { id: grant.user },
    };
  }

  const methods: Record<string, (body: Json, team: string) => Json> = {
    // Uploading a file in three steps, as files.uploadV2 does: a URL, the bytes, then sharing it.
    'files.getUploadURLExternal': (body) => {
      const length = Number(body.length);
      if (!str(body.filename) || !Number.isInteger(length) || length <= 0) return { error: 'invalid_arguments' };
      const fileId = nextId('F');
      pendingUploads.set(fileId, { filename: str(body.filename) ?? '', length, received: 0, body: '' });
      return { upload_url: `${root}/upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (body) => {
      const channel = dmOf(str(body.channel_id) ?? '');
      let listed: Array<{ id: string; title?: string }> = [];
      try {
        listed = JSON.parse(typeof body.files === 'string' ? body.files : JSON.stringify(body.files ?? [])) as typeof listed;
      } catch {
        return { error: 'invalid_arguments' };
      }
      const shared = listed.map((f) => {
        const pending = pendingUploads.get(f.id);
        if (!pending || pending.received === 0) return undefined;
        pendingUploads.delete(f.id);
        const file = { id: f.id, title: f.title ?? pending.filename, filename: pending.filename, length: pending.length, body: pending.body, channel: channel ?? '' };
        if (channel) files.push(file);
        return file;
      });
      if (shared.some((f) => f === undefined)) return { error: 'file_not_found' };
      if (!channel) return { error: 'channel_not_found' };
      return { files: shared.map((f) => ({ id: f?.id, title: f?.title })) };
    },
    // Uninstalls the app from the token's workspace: every token of it stops working.
    'apps.uninstall': (body, team) => {
      if (!options.oauth || str(body.client_id) !== options.oauth.clientId) return { error: 'invalid_client_id' };
      if (str(body.client_secret) !== options.oauth.clientSecret) return { error: 'bad_client_secret' };
      for (const holder of tokens.values()) if (holder.teamId === team) holder.revoked = true;
      uninstalledTeams.push(team);
      return {};
    },
    // Socket Mode's WebSocket URL: only an app-level token (xapp-) opens one; the fake serves no
    // WebSocket, so a known bot token is answered as Slack answers it, and an unknown token invalid_auth.
    'apps.connections.open': () => ({ error: 'not_allowed_token_type' }),
    'auth.test': (_body, team) => {
      const workspace = workspaceOf(team);
      return { url: `https://fake-${team.toLowerCase()}.slack.com/`, team: workspace.name, user: 'orders', team_id: team, user_id: workspace.botUserId, bot_id: workspace.botId, is_enterprise_install: false };
    },
    'chat.postMessage': (body) => {
      // Posting to a user id posts to the app's DM with that user, as Slack does.
      const channel = dmOf(str(body.channel));
      if (!channel) return { error: 'channel_not_found' };
      const content = contentOf(body);
      if (content.problem) return content.problem;
      const message: SlackMessage = { channel, ts: nextTs(), text: content.text ?? '', edits: 0, deleted: false };
      if (content.blocks) message.blocks = content.blocks;
      if (str(body.thread_ts)) message.threadTs = str(body.thread_ts);
      messages.push(message);
      return { channel, ts: message.ts, message: slackMessage(message) };
    },
    'chat.postEphemeral': (body) => {
      const channel = dmOf(str(body.channel));
      const user = str(body.user);
      if (!channel) return { error: 'channel_not_found' };
      if (!user) return { error: 'user_not_in_channel' };
      const content = contentOf(body);
      if (content.problem) return content.problem;
      const message: SlackMessage = { channel, ts: nextTs(), text: content.text ?? '', ephemeralTo: user, edits: 0, deleted: false };
      if (content.blocks) message.blocks = content.blocks;
      messages.push(message);
      return { message_ts: message.ts };
    },
    'chat.update': (body) => {
      const channel = str(body.channel);
      if (!channel) return { error: 'channel_not_found' };
      const message = messages.find((m) => m.channel === channel && m.ts === str(body.ts) && !m.deleted && m.ephemeralTo === undefined);
      if (!message) return { error: 'message_not_found' };
      const content = contentOf(body);
      if (content.problem) return content.problem;
      if (content.text !== undefined) message.text = content.text;
      // Slack keeps the previous blocks when `blocks` is left out; [] removes them.
      if (body.blocks !== undefined) message.blocks = content.blocks;
      message.edits++;
      return { channel, ts: message.ts, text: message.text, message: slackMessage(message) };
    },
    'chat.delete': (body) => {
      const message = messages.find((m) => m.channel === str(body.channel) && m.ts === str(body.ts) && !m.deleted && m.ephemeralTo === undefined);
      if (!message) return { error: 'message_not_found' };
      message.deleted = true;
      return { channel: message.channel, ts: message.ts };
    },
    'conversations.open': (body) => {
      const users = str(body.users).split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) return { error: 'users_list_not_supplied' };
      return { channel: { id: users.length === 1 ? `D${users[0]}` : `G${users.join('')}` } };
    },
    'views.open': (body) => {
      const trigger = triggers.get(str(body.trigger_id));
      if (!trigger) return { error: 'invalid_trigger_id' };
      if (trigger.exchanged) return { error: 'exchanged_trigger_id' };
      const problem = viewProblem(body.view);
      if (problem) return problem;
      trigger.exchanged = true;
      const id = nextId('V');
      const view = slackView(id, body.view as Json);
      views.push(view);
      return { view };
    },
    'views.publish': (body) => {
      const user = str(body.user_id);
      if (!/^[UW][A-Z0-9]+$/.test(user)) return { error: 'invalid_arguments' };
      const view = body.view;
      if (!isObject(view) || view.type !== 'home') return invalid('invalid_arguments', ['must be one of the allowed values: home [json-pointer:/view/type]']);
      const problems = blockProblems(view.blocks ?? [], 100, '/view/blocks');
      if (String(view.private_metadata ?? '').length > 3000) problems.push('must be less than 3001 characters [json-pointer:/view/private_metadata]');
      if (problems.length > 0) return invalid('invalid_arguments', problems);
      const published = { ...slackView(String(homes.get(user)?.id ?? nextId('V')), view), title: null };
      homes.set(user, published);
      return { view: published };
    },
    'views.update': (body) => {
      const index = views.findIndex((v) => v.id === str(body.view_id) || (str(body.external_id) !== '' && v.external_id === str(body.external_id)));
      if (index < 0) return { error: 'not_found' };
      const problem = viewProblem(body.view);
      if (problem) return problem;
      const view = slackView(String(views[index]?.id), body.view as Json);
      views[index] = view;
      return { view };
    },
  };

  /** A message's text and blocks from chat.* arguments, or the error Slack answers. */
  function contentOf(body: Json): { text?: string; blocks?: SlackBlock[]; problem?: Json } {
    const text = body.text === undefined ? undefined : String(body.text);
    let blocks: SlackBlock[] | undefined;
    if (body.blocks !== undefined) {
      if (!Array.isArray(body.blocks)) return { problem: { error: 'invalid_blocks_format' } };
      const problems = blockProblems(body.blocks, 50, '/blocks');
      if (problems.length > 0) return { problem: invalid('invalid_blocks', problems) };
      blocks = body.blocks.length > 0 ? withIds(body.blocks as SlackBlock[]) : undefined;
    }
    if (!text?.trim() && !blocks) return { problem: { error: 'no_text' } };
    if (text !== undefined && text.length > 40_000) return { problem: { error: 'msg_too_long' } };
    return { text, blocks };
  }

  function viewProblem(view: unknown): Json | undefined {
    if (!isObject(view)) return invalid('invalid_arguments', ['failed to match all allowed schemas [json-pointer:/view]']);
    const problems: string[] = [];
    if (view.type !== 'modal') problems.push('must be one of the allowed values: modal [json-pointer:/view/type]');
    const title = isObject(view.title) ? String(view.title.text ?? '') : '';
    if (title === '') problems.push('missing required field: title [json-pointer:/view/title]');
    if (title.length > 24) problems.push('must be less than 25 characters [json-pointer:/view/title/text]');
    for (const button of ['submit', 'close'] as const) {
      const label = view[button];
      if (isObject(label) && String(label.text ?? '').length > 24) problems.push(`must be less than 25 characters [json-pointer:/view/${button}/text]`);
    }
    if (String(view.private_metadata ?? '').length > 3000) problems.push('must be less than 3001 characters [json-pointer:/view/private_metadata]');
    if (String(view.callback_id ?? '').length > 255) problems.push('must be less than 256 characters [json-pointer:/view/callback_id]');
    problems.push(...blockProblems(view.blocks ?? [], 100, '/view/blocks'));
    const hasInputs = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInputs && !isObject(view.submit)) problems.push('must provide submit for a view with input blocks [json-pointer:/view/submit]');
    return problems.length > 0 ? invalid('invalid_arguments', problems) : undefined;
  }

  /** A modal as Slack answers it (views.open, views.update) and sends it back in a submission. */
  function slackView(id: string, view: Json): Json {
    return {
      id, team_id: teamId, type: view.type, title: view.title, close: view.close ?? null, submit: view.submit ?? null,
      blocks: withIds((view.blocks ?? []) as SlackBlock[]),
      private_metadata: view.private_metadata ?? '', callback_id: view.callback_id ?? '', external_id: view.external_id ?? '',
      state: { values: {} }, hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      clear_on_close: view.clear_on_close ?? false, notify_on_close: view.notify_on_close ?? false,
      root_view_id: id, previous_view_id: null, app_id: appId, bot_id: BOT_ID,
    };
  }

  function slackMessage(m: SlackMessage): Json {
    return {
      type: 'message', user: botUserId, bot_id: BOT_ID, app_id: appId, team: teamId, text: m.text, ts: m.ts,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    };
  }

  /** A response_url: what Bolt's respond() posts (JSON) replaces, deletes or adds to the pressed message. */
  function serveResponseUrl(path: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const target = responseUrls.get(path);
    if (!target) return answer(res, 404, { ok: false, error: 'invalid_response_url' });
    let body: Json;
    try {
      body = parseApiBody(header(req, 'content-type') ?? 'application/json', raw);
    } catch {
      return answer(res, 400, { ok: false, error: 'invalid_json' });
    }
    responses.push({ url: path, body });
    const pressed = messages.find((m) => m.channel === target.channel && m.ts === target.messageTs);
    if (body.delete_original === true || body.delete_original === 'true') {
      if (pressed) pressed.deleted = true;
      return answer(res, 200, { ok: true });
    }
    const content = contentOf(body);
    if (content.problem) return answer(res, 200, { ok: false, ...content.problem });
    if ((body.replace_original === true || body.replace_original === 'true') && pressed) {
      // The reply replaces the whole message: blocks left out are gone.
      pressed.text = content.text ?? '';
      pressed.blocks = content.blocks;
      pressed.edits++;
      return answer(res, 200, { ok: true });
    }
    const message: SlackMessage = { channel: target.channel, ts: nextTs(), text: content.text ?? '', edits: 0, deleted: false };
    if (content.blocks) message.blocks = content.blocks;
    if (body.response_type !== 'in_channel') message.ephemeralTo = target.user;
    messages.push(message);
    answer(res, 200, { ok: true });
  }

  // ---- Slack → the product ----

  /** A slash command as Slack posts it: its fields as a form, with a response_url into this fake. */
  async function slashCommand(routeUrl: string, p: { user: string; channel: string; text?: string; command?: string; triggerId?: string }, o: SendOptions = {}): Promise<SendResult> {
    const responsePath = `/respond/${teamId}/${++idSeq}/${randomBytes(12).toString('hex')}`;
    responseUrls.set(responsePath, { channel: p.channel, messageTs: '', user: p.user });
    seen(p.channel, p.user);
    const fields: Record<string, string> = {
      token: verificationToken, team_id: teamOfUser(p.user), team_domain: teamObject(teamOfUser(p.user)).domain, channel_id: p.channel, channel_name: p.channel.startsWith('D') ? 'directmessage' : 'fake-channel',
      user_id: p.user, user_name: p.user.toLowerCase(), command: p.command ?? '/3cx', text: p.text ?? '', api_app_id: appId, is_enterprise_install: 'false',
      response_url: `${root}${responsePath}`, trigger_id: p.triggerId ?? issueTrigger(),
    };
    return deliver(routeUrl, fields, 'fields', o);
  }

  /** `user` presses the button labelled `label` on their App Home (block_actions from a view: no channel, no response_url). */
  async function pressInHome(routeUrl: string, user: string, label: string, o: SendOptions = {}): Promise<SendResult> {
    const view = homes.get(user);
    if (!view) throw new Error(`the bot published no home for ${user}`);
    const buttons = ((view.blocks ?? []) as SlackBlock[]).flatMap((block) => buttonsOf({ blocks: [block] }));
    const matching = buttons.filter((b) => b.text === label);
    const button = matching[0];
    if (!button || matching.length > 1) throw new Error(`${matching.length > 1 ? 'several buttons' : 'no button'} labelled ${label} on the home of ${user}; it has: ${buttons.map((b) => b.text).join(', ') || 'none'}`);
    return deliver(routeUrl, {
      type: 'block_actions', user: userOf(user), api_app_id: appId, token: verificationToken,
      container: { type: 'view', view_id: view.id }, trigger_id: issueTrigger(), team: teamObject(teamOfUser(user)), enterprise: null, is_enterprise_install: false,
      view, state: { values: {} },
      actions: [{
        type: 'button', action_id: button.actionId, block_id: button.blockId, text: { type: 'plain_text', text: button.text, emoji: true },
        ...(button.value === undefined ? {} : { value: button.value }), action_ts: nextTs(),
      }],
    }, true, o);
  }

  /** Signs and POSTs a payload to the product's route, as JSON (events) or as `payload=<json>` (interactivity). */
  async function deliver(routeUrl: string, payload: Json, form: boolean | 'fields', o: SendOptions): Promise<SendResult> {
    // Events are JSON; interactivity one form field `payload` of JSON; slash commands form fields.
    const signed = form === 'fields' ? new URLSearchParams(payload as Record<string, string>).toString() : form ? new URLSearchParams({ payload: JSON.stringify(payload) }).toString() : JSON.stringify(payload);
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    // Bolt parses a form body only when the content type is exactly this, as Slack sends it.
    const headers: Record<string, string> = {
      'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
    };
    if (!o.omitSignature) headers['x-slack-signature'] = slackSignature(signed, timestamp, o.secret ?? signingSecret);
    if (o.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(o.retryNum);
      headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
    }
    const started = Date.now();
    const response = await post(routeUrl, o.tamper ? o.tamper(signed) : signed, headers);
    const elapsedMs = Date.now() - started;
    recordAck(elapsedMs);
    return { ...response, payload, form, elapsedMs };
  }

  function issueTrigger(): string {
    const triggerId = `${Date.now()}${++idSeq}.${teamId.replace(/\D/g, '') || '1'}.${randomBytes(16).toString('hex')}`;
    triggers.set(triggerId, { exchanged: false });
    return triggerId;
  }

  const userOf = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: teamOfUser(id) });

  function findMessage(channel: string, ts: string): SlackMessage {
    const message = messages.find((m) => m.channel === channel && m.ts === ts);
    if (!message) throw new Error(`the fake Slack has no message ${ts} in ${channel}`);
    return message;
  }

  function findView(view: Json | string): Json {
    const id = typeof view === 'string' ? view : view.id;
    const found = views.find((v) => v.id === id);
    if (!found) throw new Error(`the fake Slack opened no view ${String(id)} (it has: ${views.map((v) => String(v.id)).join(', ') || 'none'})`);
    return found;
  }

  /** state.values as Slack sends them: every input block, the given values, null for the rest. */
  function stateOf(view: Json, values: ViewValues): Record<string, Record<string, unknown>> {
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of (view.blocks ?? []) as SlackBlock[]) {
      if (block.type !== 'input' || !isObject(block.element)) continue;
      const actionId = String(block.element.action_id);
      state[String(block.block_id)] = { [actionId]: { type: block.element.type, value: null } };
    }
    for (const [blockId, actions] of Object.entries(values)) {
      for (const [actionId, value] of Object.entries(actions)) {
        if (!(blockId in state) || !(actionId in (state[blockId] ?? {}))) {
          throw new Error(`the view ${String(view.id)} has no input ${blockId}/${actionId} (it has: ${Object.entries(state).map(([b, a]) => `${b}/${Object.keys(a).join()}`).join(', ') || 'none'})`);
        }
        state[blockId] = { ...state[blockId], [actionId]: typeof value === 'string' ? { type: 'plain_text_input', value } : value };
      }
    }
    return state;
  }

  const eventTs = (o: { ts?: string }) => o.ts ?? nextTs();

  /**
   * `user` presses a button of `message` (from messages()): the one with `actionId`, or `value`, or
   * `label` as its text. Sends block_actions with a fresh trigger_id and a response_url into this fake.
   */
  async function press(routeUrl: string, p: { user: string; message: SlackMessage; actionId?: string; value?: string; label?: string; channel?: string; triggerId?: string; actionTs?: string }, o: SendOptions = {}): Promise<SendResult> {
    const message = findMessage(p.message.channel, p.message.ts);
    if (message.deleted) throw new Error(`message ${message.ts} was deleted: there is nothing to press`);
    const matching = buttonsOf(message).filter((b) => (p.actionId === undefined || b.actionId === p.actionId) && (p.value === undefined || b.value === p.value) && (p.label === undefined || b.text === p.label));
    const button = matching[0];
    if (!button || matching.length > 1) {
      const wanted = JSON.stringify({ actionId: p.actionId, value: p.value, label: p.label });
      const offered = buttonsOf(message).map((b) => `${b.text} (${b.actionId}${b.value === undefined ? '' : `=${b.value}`})`).join(', ') || 'none';
      throw new Error(`${matching.length > 1 ? 'several buttons match' : 'no button matches'} ${wanted} in message ${message.ts}; it has: ${offered}`);
    }
    const channel = p.channel ?? message.channel;
    const ephemeral = message.ephemeralTo !== undefined;
    const responsePath = `/respond/${teamId}/${++idSeq}/${randomBytes(12).toString('hex')}`;
    responseUrls.set(responsePath, { channel, messageTs: message.ts, user: p.user });
    seen(channel, p.user);
    return deliver(routeUrl, {
      type: 'block_actions', user: userOf(p.user), api_app_id: appId, token: verificationToken,
      container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: ephemeral },
      trigger_id: p.triggerId ?? issueTrigger(), team: teamObject(teamOfUser(p.user)), enterprise: null, is_enterprise_install: false,
      channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'fake-channel' },
      // Slack sends no message for a press in an ephemeral message.
      ...(ephemeral ? {} : { message: slackMessage(message) }),
      state: { values: {} }, response_url: `${root}${responsePath}`,
      actions: [{
        type: 'button', action_id: button.actionId, block_id: button.blockId, text: { type: 'plain_text', text: button.text, emoji: true },
        ...(button.value === undefined ? {} : { value: button.value }),
        ...(button.url === undefined ? {} : { url: button.url }),
        ...(button.style === undefined ? {} : { style: button.style }),
        action_ts: p.actionTs ?? nextTs(),
      }],
    }, true, o);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;

  return {
    /** The Web API base URL to configure as SLACK_API_URL (like https://slack.com/api/). */
    url: `${root}/api/`,
    botUserId,
    teamId,
    appId,
    calls,
    /** Calls of one method (failed ones too). */
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    /** The bot's messages as they stand now, in order (not deleted ones; ephemeral ones carry `ephemeralTo`). */
    messages: (channel?: string) => messages.filter((m) => !m.deleted && (channel === undefined || m.channel === channel)),
    /** The latest message the bot posted (to `channel`); throws when there is none. */
    lastMessage(channel?: string): SlackMessage {
      const last = messages.filter((m) => !m.deleted && (channel === undefined || m.channel === channel)).at(-1);
      if (!last) throw new Error(`the bot posted no message${channel === undefined ? '' : ` to ${channel}`} yet`);
      return last;
    },
    /** The modals the bot opened, as they stand now. */
    views: () => [...views],
    /** `users` are members of workspace `team` (not the first one): their events come from it. */
    joinTeam(team: string, ...users: string[]) {
      if (!workspaces.has(team)) workspaces.set(team, workspaceOf(team));
      for (const user of users) userTeams.set(user, team);
    },
    /**
     * The installer `user` of workspace `team` approves the install at Slack's authorize page
     * (`authorizeUrl`, where the product sent the browser): answers where Slack sends the
     * browser back, the product's redirect URL with a code and the state. Refused (throws) when
     * the URL is not the app's, as Slack shows an error page then.
     */
    authorizeInstall(authorizeUrl: string, p: { team: string; user: string; teamName?: string; deny?: boolean; enterprise?: boolean }): string {
      const url = new URL(authorizeUrl);
      if (!options.oauth || url.searchParams.get('client_id') !== options.oauth.clientId) throw new Error(`Slack's authorize page refuses client_id ${url.searchParams.get('client_id')}`);
      const redirectUri = url.searchParams.get('redirect_uri') ?? undefined;
      if (!redirectUri) throw new Error('the fake needs the redirect_uri in the authorize URL');
      const state = url.searchParams.get('state') ?? '';
      if (!workspaces.has(p.team)) workspaces.set(p.team, { ...workspaceOf(p.team), name: p.teamName ?? `Team ${p.team}` });
      userTeams.set(p.user, p.team);
      const back = new URL(redirectUri);
      if (p.deny) {
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = `${p.team}.${randomBytes(12).toString('hex')}`;
        codes.set(code, { team: p.team, user: p.user, scope: url.searchParams.get('scope') ?? '', redirectUri, used: false, enterprise: p.enterprise ?? false });
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', state);
      return back.toString();
    },
    /** The bot tokens the fake issued for workspace `team`, newest last (the first workspace's is the configured one). */
    tokensOf: (team: string): string[] => [...tokens].filter(([, t]) => t.teamId === team).map(([token]) => token),
    /** Workspace `team`'s bot tokens stop working (token_revoked), as after an uninstall. */
    revokeTokens(team: string) {
      for (const holder of tokens.values()) if (holder.teamId === team) holder.revoked = true;
    },
    /** Turns the app's token rotation on or off (Slack's app settings). */
    setTokenRotation(on: boolean) {
      tokenRotation = on;
    },
    /** The workspaces the app uninstalled itself from (apps.uninstall), in order. */
    uninstalledTeams: () => [...uninstalledTeams],
    /** The bot user of workspace `team`. */
    botUserOf: (team: string): string => workspaceOf(team).botUserId,
    /** The app was uninstalled from a workspace (send with sendEvent and `teamId`). */
    appUninstalled: (): Json => ({ type: 'app_uninstalled', event_ts: nextTs() }),
    /** The workspace's bot token (and `users`' tokens) were revoked (send with sendEvent and `teamId`). */
    tokensRevoked: (team: string, users: string[] = []): Json => ({ type: 'tokens_revoked', tokens: { oauth: users, bot: [workspaceOf(team).botUserId] }, event_ts: nextTs() }),
    /** The App Home the bot last published for `user`, if any. */
    home: (user: string): Json | undefined => homes.get(user),
    slashCommand,
    pressInHome,
    /** `user` opens the app's Home tab (or its Messages tab): an app_home_opened event. */
    appHomeOpened: (user: string, tab: 'home' | 'messages' = 'home'): Json => {
      const ts = nextTs();
      return { type: 'app_home_opened', user, channel: `D${user}`, tab, event_ts: ts, ...(homes.get(user) ? { view: homes.get(user) } : {}) };
    },
    /** Files the bot shared: the channel, the announced length, and the upload as received. */
    files: () => [...files],
    /** What the product posted to response_urls, in order. */
    responses,
    buttonsOf,
    /** The next `times` calls of `method` ('*': any method) fail as told. */
    failNext(method: string, failure: SlackFailure, times = 1) {
      failures.push({ method, failure, times });
    },
    /** A trigger_id views.open accepts (once), as Slack puts in interactions. */
    issueTrigger,

    /** Sends an Events API callback wrapping `event`. Give the same `eventId` to send a retry of it. */
    sendEvent(routeUrl: string, event: Json, o: SendOptions & { eventId?: string; eventTime?: number; teamId?: string } = {}): Promise<SendResult> {
      const team = o.teamId ?? (typeof event.team === 'string' ? event.team : teamOfUser(event.user));
      return deliver(routeUrl, {
        token: verificationToken, team_id: team, api_app_id: appId, event, type: 'event_callback',
        event_id: o.eventId ?? nextId('Ev'), event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
        authorizations: [{ enterprise_id: null, team_id: team, user_id: workspaceOf(team).botUserId, is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false, event_context: `4-${randomBytes(12).toString('base64url')}`,
      }, false, o);
    },
    /** A direct message from `user` to the bot (a `message.im` event). */
    dm: (user: string, text: string, o: { channel?: string; ts?: string; threadTs?: string } = {}): Json => {
      const ts = eventTs(o);
      seen(o.channel ?? `D${user}`, user);
      return { type: 'message', channel: o.channel ?? `D${user}`, channel_type: 'im', user, text, ts, event_ts: ts, client_msg_id: randomUUID(), team: teamOfUser(user), ...(o.threadTs ? { thread_ts: o.threadTs } : {}) };
    },
    /** `@bot text` in a channel (an `app_mention` event). */
    mention: (user: string, channel: string, text: string, o: { ts?: string } = {}): Json => {
      const ts = eventTs(o);
      seen(channel, user);
      return { type: 'app_mention', user, channel, text: `<@${workspaceOf(teamOfUser(user)).botUserId}> ${text}`, ts, event_ts: ts, client_msg_id: randomUUID(), team: teamOfUser(user) };
    },
    /** A message in a channel the bot is in (a `message.channels` event). */
    channelMessage: (user: string, channel: string, text: string, o: { ts?: string } = {}): Json => {
      const ts = eventTs(o);
      seen(channel, user);
      return { type: 'message', channel, channel_type: 'channel', user, text, ts, event_ts: ts, client_msg_id: randomUUID(), team: teamOfUser(user) };
    },

    press,
    /** `user` presses the button labelled `label` in `message`. */
    pressButton(routeUrl: string, user: string, message: SlackMessage, label: string, o: SendOptions = {}): Promise<SendResult> {
      return press(routeUrl, { user, message, label }, o);
    },
    /** `user` submits a modal the bot opened (a view from views(), or its id) with `values`. */
    async submitView(routeUrl: string, p: { user: string; view: Json | string; values?: ViewValues; triggerId?: string }, o: SendOptions = {}): Promise<SendResult> {
      const view = findView(p.view);
      return deliver(routeUrl, {
        type: 'view_submission', team: teamObject(teamOfUser(p.user)), user: userOf(p.user), api_app_id: appId, token: verificationToken,
        trigger_id: p.triggerId ?? issueTrigger(), view: { ...view, state: { values: stateOf(view, p.values ?? {}) } },
        response_urls: [], is_enterprise_install: false, enterprise: null,
      }, true, o);
    },
    /** Sends a request sent before (`sent`, as its send answered) again as it was: a redelivery of it. */
    sendAgain(routeUrl: string, sent: SendResult, o: SendOptions = {}): Promise<SendResult> {
      return deliver(routeUrl, sent.payload, sent.form, o);
    },
    /** The challenge Slack sends when the Events URL is configured; the product answers the challenge back. */
    async urlVerification(routeUrl: string, o: SendOptions = {}): Promise<SendResult & { challenge: string }> {
      const challenge = randomBytes(24).toString('base64url');
      return { ...(await deliver(routeUrl, { token: verificationToken, challenge, type: 'url_verification' }, false, o)), challenge };
    },

    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };

  function dmOf(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel}` : channel;
  }
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

/** The interactive elements of a block, with where they sit. */
function elementsOf(block: SlackBlock): Array<{ element: Json; at: string }> {
  if (block.type === 'actions' && Array.isArray(block.elements)) return block.elements.filter(isObject).map((element, i) => ({ element, at: `/elements/${i}` }));
  if (block.type === 'section' && isObject(block.accessory)) return [{ element: block.accessory, at: '/accessory' }];
  if (block.type === 'input' && isObject(block.element)) return [{ element: block.element, at: '/element' }];
  return [];
}

/** The Block Kit limits a product most easily runs into; Slack answers invalid_blocks for each. */
function blockProblems(blocks: unknown, max: number, where: string): string[] {
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${where}]`];
  const problems: string[] = [];
  if (blocks.length > max) problems.push(`no more than ${max} items allowed [json-pointer:${where}]`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const at = `${where}/${i}`;
    if (!isObject(block) || typeof block.type !== 'string') return void problems.push(`missing required field: type [json-pointer:${at}]`);
    const tooLong = (value: unknown, limit: number, field: string) => {
      if (typeof value === 'string' && value.length > limit) problems.push(`must be less than ${limit + 1} characters [json-pointer:${at}${field}]`);
    };
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problems.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(block.block_id);
      tooLong(block.block_id, 255, '/block_id');
    }
    if (block.type === 'section') {
      if (!isObject(block.text) && !Array.isArray(block.fields)) problems.push(`must provide text or fields [json-pointer:${at}]`);
      if (isObject(block.text)) tooLong(block.text.text, 3000, '/text/text');
      if (Array.isArray(block.fields) && block.fields.length > 10) problems.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
    }
    if (block.type === 'header' && isObject(block.text)) tooLong(block.text.text, 150, '/text/text');
    if (block.type === 'actions' && (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25)) problems.push(`must have 1 to 25 elements [json-pointer:${at}/elements]`);
    if (block.type === 'context' && Array.isArray(block.elements) && block.elements.length > 10) problems.push(`no more than 10 items allowed [json-pointer:${at}/elements]`);
    for (const { element, at: elementAt } of elementsOf(block as SlackBlock)) {
      if (typeof element.action_id === 'string') {
        if (actionIds.has(element.action_id)) problems.push(`duplicate action_id [json-pointer:${at}${elementAt}/action_id]`);
        actionIds.add(element.action_id);
        tooLong(element.action_id, 255, `${elementAt}/action_id`);
      }
      if (element.type !== 'button') continue;
      const label = isObject(element.text) ? element.text : undefined;
      if (label?.type !== 'plain_text') problems.push(`must be a plain_text object [json-pointer:${at}${elementAt}/text]`);
      if (typeof label?.text !== 'string' || label.text === '') problems.push(`must be at least 1 character [json-pointer:${at}${elementAt}/text/text]`);
      tooLong(label?.text, 75, `${elementAt}/text/text`);
      tooLong(element.value, 2000, `${elementAt}/value`);
      tooLong(element.url, 3000, `${elementAt}/url`);
    }
  });
  return problems;
}

/** Copies blocks giving each block and interactive element the id Slack generates when one is left out. */
function withIds(blocks: SlackBlock[]): SlackBlock[] {
  return blocks.map((original) => {
    const block = structuredClone(original);
    block.block_id ??= randomBytes(3).toString('base64url');
    for (const { element } of elementsOf(block)) element.action_id ??= randomBytes(3).toString('base64url');
    return block;
  });
}

/** Slack's answer for Block Kit or view problems. */
function invalid(error: string, problems: string[]): Json {
  return { error, errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
}

/**
 * The WebClient sends application/x-www-form-urlencoded, with objects (blocks, view, …) as JSON
 * strings; other clients send JSON. Either way `blocks`, `view`, `attachments` and `metadata`
 * come out parsed (an unparsable one stays a string, which Slack rejects).
 */
function parseApiBody(contentType: string, raw: string): Json {
  if (raw === '') return {};
  const body: Json = contentType.startsWith('application/json') ? (JSON.parse(raw) as Json) : Object.fromEntries(new URLSearchParams(raw));
  for (const field of ['blocks', 'view', 'attachments', 'metadata']) {
    const value = body[field];
    if (typeof value !== 'string') continue;
    try {
      body[field] = JSON.parse(value);
    } catch {
      // left as sent
    }
  }
  return body;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}



/** One POST with node:http, on a fresh connection (no keep-alive pool left holding the product's server open). */
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`the product did not answer ${url} in 10 s (Slack gives up after 3 s)`)));
    req.on('error', reject);
    req.end(body);
  });
}
