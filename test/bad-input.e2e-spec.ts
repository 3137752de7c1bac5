import { onboardManager } from './support/fixtures';
import { startTestApp, TestApp, TestResponse } from './support/test-app';

/** Every refusal below must leave the log exactly as it was. */
describe('bad input gets a 4xx problem+json and writes nothing', () => {
  let app: TestApp;
  let headBefore: string;
  beforeAll(async () => {
    app = await startTestApp();
    await onboardManager(app, 'existing-manager');
  });
  afterAll(() => app.close());
  beforeEach(async () => (headBefore = await app.head()));

  const outcome = async (response: TestResponse) => ({
    status: response.status,
    contentType: response.headers.get('content-type'),
    code: response.body?.code,
    headUnchanged: (await app.head()) === headBefore,
  });
  const problem = (status: number, code: string) => ({
    status,
    code,
    contentType: 'application/problem+json; charset=utf-8',
    headUnchanged: true,
  });

  it('malformed JSON: 400', async () => {
    const response = await app.send('POST', '/accounts', { rawBody: '{"name": "Acme",' });
    expect(await outcome(response)).toEqual(problem(400, 'malformed-json'));
  });

  it('an empty JSON body: 400', async () => {
    const response = await app.send('POST', '/accounts', { rawBody: '' , headers: { 'content-type': 'application/json' } });
    expect(await outcome(response)).toEqual(problem(400, 'malformed-json'));
  });

  it('a JSON array instead of an object: 400', async () => {
    const response = await app.send('POST', '/accounts', { body: [{ name: 'Acme' }] });
    expect(await outcome(response)).toEqual(problem(400, 'invalid-type'));
  });

  it('a wrong type: 400 naming the field', async () => {
    const response = await app.send('POST', '/accounts', { body: { name: 42 } });
    expect([await outcome(response), response.body.errors[0].field]).toEqual([problem(400, 'invalid-type'), 'name']);
  });

  it('a missing required field: 422 naming the field', async () => {
    const response = await app.send('POST', '/accounts/whatever/reassignment', { body: { toManagerId: 'existing-manager' } });
    expect([await outcome(response), response.body.errors]).toEqual([
      problem(422, 'validation-failed'),
      [{ field: 'reason', reason: 'reason is required' }],
    ]);
  });

  it('an unknown field: 422 naming it', async () => {
    const response = await app.send('POST', '/accounts', { body: { name: 'Acme', tier: 'key' } });
    expect([await outcome(response), response.body.errors]).toEqual([
      problem(422, 'validation-failed'),
      [{ field: 'tier', reason: 'is not a known field' }],
    ]);
  });

  it('a value out of range: 422', async () => {
    const response = await app.send('POST', '/managers', {
      body: { name: 'Ann', role: 'account_manager', territory: 'East', capacity: -1 },
    });
    expect([await outcome(response), response.body.errors[0].field]).toEqual([problem(422, 'validation-failed'), 'capacity']);
  });

  it('a role outside the list: 422', async () => {
    const response = await app.send('POST', '/managers', { body: { name: 'Ann', role: 'ceo', territory: 'East' } });
    expect(await outcome(response)).toEqual(problem(422, 'validation-failed'));
  });

  it('a malformed date: 422', async () => {
    const response = await app.send('POST', '/accounts', { body: { name: 'Acme', effectiveFrom: '2017-02-30' } });
    expect(await outcome(response)).toEqual(problem(422, 'validation-failed'));
  });

  it('a money amount as a float: 400', async () => {
    const response = await app.send('POST', '/accounts', { body: { name: 'Acme', annualRevenue: 1054.5 } });
    expect(await outcome(response)).toEqual(problem(400, 'invalid-type'));
  });

  it('an id outside the allowed characters: 422', async () => {
    const response = await app.send('POST', '/accounts', { body: { accountId: 'acme corp/1', name: 'Acme' } });
    expect(await outcome(response)).toEqual(problem(422, 'validation-failed'));
  });

  it('a bad id in the path: 400', async () => {
    const response = await app.send('POST', `/accounts/${'x'.repeat(65)}/closure`, { body: { reason: 'Churned' } });
    expect(await outcome(response)).toEqual(problem(400, 'invalid-id'));
  });

  it('a body over the size limit: 413', async () => {
    const response = await app.send('POST', '/accounts', { body: { name: 'Acme', sector: 'x'.repeat(70 * 1024) } });
    expect(await outcome(response)).toEqual(problem(413, 'body-too-large'));
  });

  it('deep nesting in a known field: 400', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const response = await app.send('POST', '/accounts', { rawBody: `{"name":${deep}}` });
    expect(await outcome(response)).toEqual(problem(400, 'too-deeply-nested'));
  });

  it('deep nesting in an unknown field: 400', async () => {
    const deep = '['.repeat(10000) + ']'.repeat(10000);
    const response = await app.send('POST', '/accounts', { rawBody: `{"name":"Acme","extra":${deep}}` });
    expect(await outcome(response)).toEqual(problem(400, 'too-deeply-nested'));
  });

  it('nesting just past the limit, in a small body: 400', async () => {
    const deep = '['.repeat(33) + ']'.repeat(33);
    const response = await app.send('POST', '/accounts', { rawBody: `{"name":"Acme","extra":${deep}}` });
    expect(await outcome(response)).toEqual(problem(400, 'too-deeply-nested'));
  });

  it('a __proto__ key: 400', async () => {
    const response = await app.send('POST', '/accounts', { rawBody: '{"name":"Acme","__proto__":{"isAdmin":true}}' });
    expect(response.status).toBe(400);
  });

  it('an unpaired surrogate in a name: 422', async () => {
    const response = await app.send('POST', '/accounts', { rawBody: '{"name":"Acme \\ud800 Corp"}' });
    expect(await outcome(response)).toEqual(problem(422, 'validation-failed'));
  });

  it('a NUL character in a name: 422', async () => {
    const response = await app.send('POST', '/accounts', { body: { name: 'Acme\u0000Corp' } });
    expect(await outcome(response)).toEqual(problem(422, 'validation-failed'));
  });

  it('an empty name: 422', async () => {
    const response = await app.send('POST', '/accounts', { body: { name: '' } });
    expect(await outcome(response)).toEqual(problem(422, 'validation-failed'));
  });

  it('another content type: 415', async () => {
    const response = await app.send('POST', '/accounts', { rawBody: 'name=Acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await outcome(response)).toEqual(problem(415, 'unsupported-media-type'));
  });

  it('a malformed If-Match: 400', async () => {
    const response = await app.send('POST', '/managers/existing-manager/capacity', { body: { capacity: 5 }, headers: { 'if-match': 'yesterday' } });
    expect(await outcome(response)).toEqual(problem(400, 'invalid-if-match'));
  });

  it('an unknown route: 404 problem+json', async () => {
    const response = await app.send('POST', '/acounts', { body: { name: 'Acme' } });
    expect(await outcome(response)).toEqual(problem(404, 'not-found'));
  });

  it('accepts names in any script, with accents and emoji', async () => {
    const response = await app.send('POST', '/accounts', { body: { accountId: 'unicode-ok', name: 'Zoë Ltd — 北京 🚀' } });
    const [event] = await app.store.readStream('account-unicode-ok');
    expect([response.status, event.data.name]).toEqual([201, 'Zoë Ltd — 北京 🚀']);
  });
});
