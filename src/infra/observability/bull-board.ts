// Bull Board (the job queues for staff) on the product's own node:http server, at
// /admin/queues, behind ADMIN_TOKEN: an `Authorization: Bearer <token>` header, or a cookie
// set by opening /admin/queues?token=<token> once. Without ADMIN_TOKEN it is not mounted.
// @bull-board/api brings the API and the UI's files; this file is the server adapter that
// express or fastify would otherwise be.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { AppControllerRoute, AppViewRoute, BullBoardQueues, ControllerHandlerReturnType, IServerAdapter, UIConfig } from '@bull-board/api/typings/app';
import type { HttpRequest, HttpResponse, Route } from '../http/server';
import type { AppQueue } from '../queue/connection';

export const BOARD_PATH = '/admin/queues';
const COOKIE = 'threecx_admin';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ico': 'image/x-icon', '.map': 'application/json', '.html': 'text/html; charset=utf-8',
};

/** The board's routes on the product's HTTP server: every method under /admin/queues. */
export function bullBoardRoutes(options: { queues: readonly AppQueue[]; adminToken: string }): Route[] {
  const adapter = new NodeHttpBoardAdapter(BOARD_PATH);
  // The adapter is typed for Redis queues; it reads the backend from the queue, PostgreSQL too.
  const boardQueues = options.queues.map((queue) => new BullMQAdapter(queue as unknown as ConstructorParameters<typeof BullMQAdapter>[0]));
  createBullBoard({ queues: boardQueues, serverAdapter: adapter, options: { uiConfig: { boardTitle: '3CX ordering: jobs' } } });
  const handle = async (request: HttpRequest): Promise<HttpResponse> => {
    const access = allowed(request, options.adminToken);
    if (access === 'denied') return { status: 401, body: 'unauthorized: send ADMIN_TOKEN as a Bearer token, or open /admin/queues?token=<ADMIN_TOKEN>', headers: { 'www-authenticate': 'Bearer' } };
    const answer = await adapter.serve(request);
    // Opened with ?token=: a cookie keeps the browser in, and the token leaves the address bar.
    if (access === 'by-query') {
      return {
        status: 303,
        body: '',
        headers: {
          location: request.path,
          'set-cookie': `${COOKIE}=${cookieValue(options.adminToken)}; Path=${BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=43200${request.headers['x-forwarded-proto'] === 'https' ? '; Secure' : ''}`,
        },
      };
    }
    return answer;
  };
  return (['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => ({ method, path: BOARD_PATH, prefix: true, handle }));
}

/** The cookie holds a hash of the token, not the token. */
function cookieValue(token: string): string {
  return createHash('sha256').update(`bull-board:${token}`).digest('hex');
}

function allowed(request: HttpRequest, token: string): 'header' | 'cookie' | 'by-query' | 'denied' {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
  if (bearer !== undefined && same(bearer, token)) return 'header';
  const cookies = String(request.headers.cookie ?? '').split(';').map((c) => c.trim().split('='));
  const cookie = cookies.find(([name]) => name === COOKIE)?.[1];
  if (cookie !== undefined && same(cookie, cookieValue(token))) return 'cookie';
  const query = request.query.get('token');
  if (query !== null && request.method === 'GET' && same(query, token)) return 'by-query';
  return 'denied';
}

function same(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  route: AppControllerRoute;
}

/** What @bull-board/api needs of a web server, on plain requests and responses. */
class NodeHttpBoardAdapter implements IServerAdapter {
  private queues: BullBoardQueues = new Map();
  private viewsPath = '';
  private statics: { route: string; folder: string } | undefined;
  private entry: AppViewRoute | undefined;
  private errorHandler: (error: Error) => ControllerHandlerReturnType = (error) => ({ status: 500, body: { error: error.message } as never });
  private api: CompiledRoute[] = [];
  private uiConfig: UIConfig = {};
  private entryPatterns: RegExp[] = [];

  constructor(private readonly basePath: string) {}

  setQueues(queues: BullBoardQueues): IServerAdapter {
    this.queues = queues;
    return this;
  }
  setViewsPath(viewsPath: string): IServerAdapter {
    this.viewsPath = viewsPath;
    return this;
  }
  setStaticPath(route: string, folder: string): IServerAdapter {
    this.statics = { route, folder };
    return this;
  }
  setEntryRoute(route: AppViewRoute): IServerAdapter {
    this.entry = route;
    this.entryPatterns = [route.route].flat().map((r) => compile(r).pattern);
    return this;
  }
  setErrorHandler(handler: (error: Error) => ControllerHandlerReturnType): IServerAdapter {
    this.errorHandler = handler;
    return this;
  }
  setApiRoutes(routes: AppControllerRoute[]): IServerAdapter {
    this.api = routes.flatMap((route) =>
      [route.method].flat().flatMap((method) => [route.route].flat().map((r) => ({ method: method.toUpperCase(), ...compile(r), route }))),
    );
    return this;
  }
  setUIConfig(config: UIConfig): IServerAdapter {
    this.uiConfig = config;
    return this;
  }

  async serve(request: HttpRequest): Promise<HttpResponse> {
    const sub = request.path.slice(this.basePath.length) || '/';
    if (this.statics && request.method === 'GET' && sub.startsWith(`${this.statics.route}/`)) return this.file(sub.slice(this.statics.route.length + 1));
    for (const candidate of this.api) {
      const match = candidate.method === request.method ? candidate.pattern.exec(sub) : null;
      if (!match) continue;
      const params = Object.fromEntries(candidate.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
      try {
        const body = request.rawBody.length > 0 ? (JSON.parse(request.rawBody.toString('utf8')) as Record<string, unknown>) : {};
        const answer = await candidate.route.handler({
          queues: this.queues, uiConfig: this.uiConfig, params, body,
          query: Object.fromEntries(request.query), headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
        });
        return json(answer.status ?? 200, answer.body);
      } catch (error) {
        const answer = this.errorHandler(error instanceof Error ? error : new Error(String(error)));
        return json(answer.status ?? 500, answer.body);
      }
    }
    if (request.method === 'GET' && this.entry && this.entryPatterns.some((p) => p.test(sub))) return this.page();
    return { status: 404, body: 'not found' };
  }

  /** The UI's page: its template filled in (`<%= %>` escaped, `<%- %>` as it is). */
  private async page(): Promise<HttpResponse> {
    if (!this.entry) return { status: 404, body: 'not found' };
    const view = this.entry.handler({ basePath: this.basePath, uiConfig: this.uiConfig });
    const template = await readFile(path.join(this.viewsPath, view.name), 'utf8');
    const html = template.replace(/<%([=-])\s*(\w+)\s*%>/g, (_all, kind: string, name: string) => {
      const value = view.params[name] ?? '';
      return kind === '-' ? value : escapeHtml(value);
    });
    return { status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
  }

  private async file(relative: string): Promise<HttpResponse> {
    const folder = path.resolve(this.statics?.folder ?? '');
    const file = path.resolve(folder, relative.split('?')[0] ?? '');
    if (!file.startsWith(`${folder}${path.sep}`)) return { status: 404, body: 'not found' };
    try {
      const content = await readFile(file);
      return { status: 200, body: content, headers: { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=86400' } };
    } catch {
      return { status: 404, body: 'not found' };
    }
  }
}

/** An express-style route ('/api/queues/:queueName/:jobId') as a pattern and its parameter names. */
function compile(route: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = route
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1).replace(/\?$/, ''));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

function json(status: number, body: unknown): HttpResponse {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
