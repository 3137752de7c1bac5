import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * Sets Helmet's headers on every answer from an onRequest hook. With options that hold no
 * function (no per-request nonce), Helmet's middleware sets the same headers every time, so it
 * runs once, at start-up, and the hook hands Fastify that set: running it per request cost 3% of
 * the service's time under the command load, and @fastify/helmet, which also builds a new
 * middleware (parsing the CSP directives again) for every request, 6% (npm run bench).
 */
export function addSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = SECURITY_HEADERS): void {
  const headers = helmetHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers Helmet's middleware sets with these options, collected from one dry run. */
export function helmetHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  // A function (a CSP nonce, say) would give each request its own value: a dry run cannot.
  if (holdsFunction(options)) throw new Error('Security header options with functions need Helmet per request');
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let ran = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    ran = true;
  });
  // Helmet calls back at once; if a version ever did not, the headers would be incomplete.
  if (!ran) throw new Error('Helmet did not finish synchronously: its headers cannot be computed once');
  return Object.freeze(headers);
}

const holdsFunction = (value: unknown): boolean =>
  typeof value === 'function' || (typeof value === 'object' && value !== null && Object.values(value).some(holdsFunction));
