import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { requestLogging } from './request-logging';

/** Serves one request through pino-http with the service's options and returns the log line. */
async function logLineFor(headers: Record<string, string>): Promise<Record<string, any>> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const options = requestLogging('info').pinoHttp as object;
  const logger = pinoHttp(options, sink);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    logger(request, response);
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await (await fetch(`http://127.0.0.1:${port}/accounts`, { headers })).text();
  await new Promise((resolve) => server.close(resolve));
  return JSON.parse(lines[0]);
}

describe('request logging', () => {
  it('leaves the Authorization header out', async () => {
    const line = await logLineFor({ authorization: 'Bearer s3cret-key-value' });
    expect(Object.keys(line.req.headers).includes('authorization')).toBe(false);
  });

  it('never writes the key anywhere in the line', async () => {
    const line = await logLineFor({ authorization: 'Bearer s3cret-key-value', cookie: 'session=s3cret-key-value' });
    expect(JSON.stringify(line).includes('s3cret-key-value')).toBe(false);
  });

  it('names the service on the line', async () => {
    const line = await logLineFor({});
    expect(line.service).toBe('key-account-ledger');
  });

  it('puts the request id on the line as its correlation id', async () => {
    const line = await logLineFor({});
    expect(line.correlationId).toBe(line.req.id);
  });

  it('keeps the headers that trace a call, and no others', async () => {
    const line = await logLineFor({ 'x-correlation-id': 'corr-1', 'idempotency-key': 'k-1', 'x-other': 'o' });
    expect([line.req.headers['x-correlation-id'], line.req.headers['idempotency-key'], line.req.headers['x-other']]).toEqual(['corr-1', 'k-1', undefined]);
  });

  it('names the request and its answer', async () => {
    const line = await logLineFor({});
    expect([line.req.method, line.req.url, line.res]).toEqual(['GET', '/accounts', { statusCode: 200 }]);
  });
});
