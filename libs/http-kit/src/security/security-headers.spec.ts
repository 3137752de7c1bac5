import Fastify from 'fastify';
import { addSecurityHeaders, helmetHeaders, SECURITY_HEADERS } from './security-headers';

describe('security headers', () => {
  it("are Helmet's, less upgrade-insecure-requests", () => {
    const headers = helmetHeaders(SECURITY_HEADERS);
    expect([headers['x-content-type-options'], headers['x-frame-options'], headers['content-security-policy'].includes('upgrade-insecure-requests')])
      .toEqual(['nosniff', 'SAMEORIGIN', false]);
  });

  it('follow the options given', () => {
    expect(helmetHeaders({ frameguard: { action: 'deny' } })['x-frame-options']).toBe('DENY');
  });

  it('refuse options that would differ per request', () => {
    const nonce = () => "'nonce-abc'";
    expect(() => helmetHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", nonce] } } })).toThrow('per request');
  });

  it('are on answers no route gave', async () => {
    const fastify = Fastify();
    addSecurityHeaders(fastify);
    const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/nowhere`);
    await fastify.close();
    expect([response.status, response.headers.get('x-content-type-options'), response.headers.get('strict-transport-security')])
      .toEqual([404, 'nosniff', 'max-age=31536000; includeSubDomains']);
  });
});
