import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../log';

/** A request as a route sees it: the raw body is kept, since webhook signatures are computed over it. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
}

export interface HttpResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(request: HttpRequest): Promise<HttpResponse>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one HTTP listener of the product: webhooks (Telegram, payment providers, Slack) and
 * `/healthz` share it. Bodies are capped at 1 MiB; unknown paths get 404.
 */
export function createHttpServer(routes: Route[], log: Logger): { server: Server; listen(port: number, host?: string): Promise<number>; close(): Promise<void> } {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  table.set('GET /healthz', { method: 'GET', path: '/healthz', handle: async () => ({ status: 200, body: 'ok' }) });

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      log.error(`http ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = table.get(`${req.method} ${url.pathname}`);
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
    const answer = await route.handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody: Buffer.concat(chunks) });
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body ?? '');
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
