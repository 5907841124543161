import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { withFields, type Logger } from '../log';

/** A request as a route sees it: the raw body is kept, since webhook signatures are computed over it. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  /** The request's id (the caller's X-Request-Id, or a new one), answered in X-Request-Id. */
  id: string;
  /** The log, with the request id on every entry. */
  log: Logger;
}

export interface HttpResponse {
  status: number;
  body?: string | Buffer;
  headers?: Record<string, string | string[]>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The route also takes every path under `path` (`/admin/queues/api/queues`). */
  prefix?: boolean;
  handle(request: HttpRequest): Promise<HttpResponse>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one HTTP listener of the product: webhooks (Telegram, payment providers, Slack) and
 * `/healthz` share it. Bodies are capped at 1 MiB; unknown paths get 404.
 */
export function createHttpServer(routes: Route[], log: Logger): { server: Server; listen(port: number, host?: string): Promise<number>; close(): Promise<void> } {
  const table = new Map(routes.filter((r) => !r.prefix).map((r) => [`${r.method} ${r.path}`, r]));
  table.set('GET /healthz', { method: 'GET', path: '/healthz', handle: async () => ({ status: 200, body: 'ok' }) });
  const prefixed = routes.filter((r) => r.prefix);
  const find = (method: string, path: string) =>
    table.get(`${method} ${path}`) ?? prefixed.find((r) => r.method === method && (path === r.path || path.startsWith(`${r.path}/`)));

  const server = createServer((req, res) => {
    const id = requestId(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    void serve(req, res, id).catch((error: unknown) => {
      log.error(`http ${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname} failed: ${error instanceof Error ? error.message : String(error)}`, { requestId: id });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = find(req.method ?? 'GET', url.pathname);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('request too large');
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const requestLog = withFields(log, { requestId: id });
    const started = process.hrtime.bigint();
    const answer = await route.handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody: Buffer.concat(chunks), id, log: requestLog });
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body ?? '');
    requestLog.debug(`http ${req.method} ${url.pathname} ${answer.status}`, { ms: Number(process.hrtime.bigint() - started) / 1e6 });
  }

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold the close until their clients let go.
        server.closeIdleConnections();
      }),
  };
}

/** The caller's request id when it is a sane one (a proxy's), else a new one. */
function requestId(given: string | string[] | undefined): string {
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && /^[\w.:-]{1,100}$/.test(value) ? value : randomUUID();
}
