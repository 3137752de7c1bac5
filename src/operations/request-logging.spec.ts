import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pinoHttp from 'pino-http';
import { logRequests, requestLogging } from './request-logging';

/**
 * Serves one request through Fastify with the service's request line (logRequests) written by the
 * root logger nestjs-pino builds from the service's options at `level`, and returns the lines.
 */
async function logLinesFor(headers: Record<string, string>, url = '/accounts', level = 'info'): Promise<Array<Record<string, any>>> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const [options, destination] = requestLogging(level, sink).pinoHttp as [object, Writable];
  // As the app's genReqId does: the line's serializer reads the raw request's id.
  const fastify = Fastify({ genReqId: (raw) => ((raw as typeof raw & { id: string }).id = 'req-1'), forceCloseConnections: true });
  logRequests(fastify, pinoHttp(options, destination).logger);
  fastify.get('/accounts', async () => 'ok');
  fastify.get('/slow', async () => new Promise((resolve) => setTimeout(() => resolve('late'), 200)));
  fastify.get('/broken', async () => {
    throw new Error('a bug');
  });
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  if (url === '/slow') {
    // The caller hangs up before the answer.
    const leaving = new AbortController();
    const asked = fetch(`${address}${url}`, { headers, signal: leaving.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    leaving.abort();
    await asked;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } else {
    await (await fetch(`${address}${url}`, { headers })).text();
  }
  await fastify.close();
  return lines.map((line) => JSON.parse(line));
}

const logLineFor = async (headers: Record<string, string>, url?: string) => (await logLinesFor(headers, url))[0];

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
    expect([line.correlationId, line.req.id]).toEqual(['req-1', 'req-1']);
  });

  it('keeps the headers that trace a call, and no others', async () => {
    const line = await logLineFor({ 'x-correlation-id': 'corr-1', 'idempotency-key': 'k-1', 'x-other': 'o' });
    expect([line.req.headers['x-correlation-id'], line.req.headers['idempotency-key'], line.req.headers['x-other']]).toEqual(['corr-1', 'k-1', undefined]);
  });

  it('names the request and its answer', async () => {
    const line = await logLineFor({});
    expect([line.req.method, line.req.url, line.res, line.level, line.msg]).toEqual(['GET', '/accounts', { statusCode: 200 }, 30, 'request completed']);
  });

  it('logs a failed answer at error level', async () => {
    const line = await logLineFor({}, '/broken');
    expect([line.res.statusCode, line.level, line.msg]).toEqual([500, 50, 'request errored']);
  });

  it('logs the answers no route gave, such as a 404', async () => {
    const line = await logLineFor({}, '/nowhere');
    expect([line.req.url, line.res.statusCode, line.msg]).toEqual(['/nowhere', 404, 'request completed']);
  });

  it('writes no line for an answered request when info is off, and still the failed one at error level', async () => {
    const [answered, failed] = [await logLinesFor({}, '/accounts', 'warn'), await logLinesFor({}, '/broken', 'warn')];
    expect([answered.length, failed.map((line) => [line.res.statusCode, line.msg])]).toEqual([0, [[500, 'request errored']]]);
  });

  it('logs a request whose caller left before the answer', async () => {
    const line = await logLineFor({}, '/slow');
    expect([line.req.url, line.correlationId, line.msg]).toEqual(['/slow', 'req-1', 'request aborted']);
  });
});
