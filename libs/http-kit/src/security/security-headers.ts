import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

/**
 * Helmet's defaults (nosniff, X-Frame-Options, a strict CSP, HSTS, no-referrer...) on every
 * answer, refusals and errors included. Its default CSP suits the Swagger UI at /docs: scripts and
 * styles are files of this origin, the inline blocks are <style> (style-src allows inline), icons
 * are data: URIs. Only `upgrade-insecure-requests` goes: the service speaks plain HTTP (TLS ends
 * at a proxy, if any), and a browser told to upgrade would fetch the UI's own files over https
 * from a port that does not speak it.
 */
export const SECURITY_HEADERS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

/**
 * Sets the headers from an onRequest hook with one helmet middleware built at start-up.
 * @fastify/helmet builds a new one (parsing the CSP directives again) for every request: with
 * that, headers cost 6% of the service's time in the benchmark's bare endpoint (npm run bench).
 */
export function addSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = SECURITY_HEADERS): void {
  const setHeaders = helmet(options);
  fastify.addHook('onRequest', (request, reply, done) => setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
}
