// A fake of the EU's VIES REST check (`check-vat-number`) on 127.0.0.1, reached through
// VAT_CHECK_URL as the real one is. It answers by the VAT ID asked about: registered numbers are
// valid, others invalid; a number may be told to fail (a member state's register down, an HTTP
// error) or to never answer.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-helpers';

export type FakeVatAnswer = 'valid' | 'invalid' | 'ms_unavailable' | 'http_500' | 'hang';

export interface FakeVatService {
  url: string;
  /** Every request body received, parsed. */
  requests: Array<{ countryCode: string; vatNumber: string }>;
  /** How the service answers for `vatId` (prefix and number): valid unless told otherwise. */
  answer(vatId: string, how: FakeVatAnswer): void;
  close(): Promise<void>;
}

export async function startFakeVatService(): Promise<FakeVatService> {
  const answers = new Map<string, FakeVatAnswer>();
  const requests: FakeVatService['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/check-vat-number' || !String(req.headers['content-type']).startsWith('application/json')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(req)) as { countryCode: string; vatNumber: string };
    requests.push(body);
    const how = answers.get(`${body.countryCode}${body.vatNumber}`) ?? 'valid';
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const base = { countryCode: body.countryCode, vatNumber: body.vatNumber, requestDate: '2026-11-26T10:00:00.000Z' };
    switch (how) {
      case 'valid': return json(200, { ...base, valid: true, userError: 'VALID', name: 'RHEIN TELEFONIE GMBH', address: 'DOMSTRASSE 7\n50668 KOELN' });
      case 'invalid': return json(200, { ...base, valid: false, userError: 'INVALID', name: '---', address: '---' });
      case 'ms_unavailable': return json(200, { ...base, valid: false, userError: 'MS_UNAVAILABLE' });
      case 'http_500': return json(500, { actionSucceed: false, errorWrappers: [{ error: 'SERVICE_UNAVAILABLE' }] });
      case 'hang': hanging.add(res); return undefined;
    }
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/check-vat-number`,
    requests,
    answer: (vatId, how) => answers.set(vatId, how),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
