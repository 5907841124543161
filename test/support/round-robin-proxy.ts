// One webhook entry in front of several instances of the product, as a load balancer would
// be: each request goes to the next instance in turn (round robin), whatever chat it is for.
// An instance that cannot be reached is answered 502, as a balancer would (Telegram then
// posts the update again).
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  /** The entry's address (http://127.0.0.1:<port>). */
  url: string;
  /** The instances' addresses requests go to, in turn; can be changed between requests. */
  backends: string[];
  /** How many requests each backend was given, by address. */
  forwarded: Map<string, number>;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const forwarded = new Map<string, number>();
  let next = 0;
  const proxy: RoundRobinProxy = { url: '', backends: [...backends], forwarded, close };

  const server = createServer((req, res) => {
    void forward(req, res);
  });
  server.keepAliveTimeout = 60_000;

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const backend = proxy.backends[next++ % proxy.backends.length];
    if (backend === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no backend');
      return;
    }
    forwarded.set(backend, (forwarded.get(backend) ?? 0) + 1);
    const target = new URL(backend);
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const upstream = request({ agent, hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bad gateway: ${error.message}`);
    });
    upstream.end(body);
  }

  async function close(): Promise<void> {
    server.closeAllConnections();
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
