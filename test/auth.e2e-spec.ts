import { startTestApp, TestApp } from './support/test-app';

describe('authentication and roles', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it('serves /health/live without a key', async () => {
    const response = await app.send('GET', '/health/live', { role: 'none' });
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('serves /health/ready without a key, with the log head', async () => {
    const response = await app.send('GET', '/health/ready', { role: 'none' });
    expect([response.body.status, response.body.eventStore]).toEqual(['ok', { status: 'ok', head: null }]);
  });

  it('answers 401 problem+json to a command without a key', async () => {
    const response = await app.send('POST', '/accounts', { role: 'none', body: { name: 'Acme' } });
    expect([response.status, response.headers.get('content-type'), response.body.code]).toEqual([
      401,
      'application/problem+json; charset=utf-8',
      'unauthenticated',
    ]);
  });

  it('asks for a Bearer key in WWW-Authenticate on 401', async () => {
    const response = await app.send('POST', '/accounts', { role: 'none', body: { name: 'Acme' } });
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 to an unknown key', async () => {
    const response = await app.send('POST', '/accounts', { key: 'not-a-key-of-ours', body: { name: 'Acme' } });
    expect(response.status).toBe(401);
  });

  it.each(['analyst', 'auditor'] as const)('answers 403 to a command sent with an %s key', async (role) => {
    const response = await app.send('POST', '/accounts', { role, body: { name: 'Acme' } });
    expect([response.status, response.body.code]).toEqual([403, 'forbidden']);
  });

  it('lets an admin key issue commands', async () => {
    const response = await app.send('POST', '/accounts', { role: 'admin', body: { accountId: 'by-admin', name: 'Acme' } });
    expect(response.status).toBe(201);
  });

  it('records the actor as role and key id, never the key itself', async () => {
    await app.send('POST', '/accounts', { body: { accountId: 'actor-check', name: 'Acme' } });
    const [event] = await app.store.readStream('account-actor-check');
    expect([event.metadata.actor, JSON.stringify(event.metadata).includes('service-key-for-tests')]).toEqual([
      { role: 'service', keyId: expect.stringMatching(/^[0-9a-f]{12}$/) },
      false,
    ]);
  });

  it('serves the OpenAPI document at /docs/openapi.json with the command paths', async () => {
    const response = await app.send('GET', '/docs/openapi.json', { role: 'none' });
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/accounts/{id}/reassignment', '/deals/{id}/closure']));
  });

  it('documents the problems a command may answer with', async () => {
    const response = await app.send('GET', '/docs/openapi.json', { role: 'none' });
    const responses = response.body.paths['/accounts/{id}/assignment'].post.responses;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '412', '413', '422', '503']);
  });

  it('documents the bearer scheme', async () => {
    const response = await app.send('GET', '/docs/openapi.json', { role: 'none' });
    expect(response.body.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });
});
