import type { FastifyInstance } from 'fastify';

const inventories = new WeakMap<FastifyInstance, string[]>();

/**
 * Records every route Fastify is given from now on, as `METHOD /path/:param`, whoever adds it:
 * Nest's controllers, the Swagger UI, static files. Fastify keeps no list to read afterwards, so
 * this must run before any route is added. The access test checks the list against the access
 * table, so that no route, not even a raw Fastify one, is served without a rule.
 */
export function recordRoutes(fastify: FastifyInstance): void {
  const routes: string[] = [];
  inventories.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    // HEAD mirrors GET (Fastify adds it); OPTIONS answers CORS preflights.
    for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${route.url}`);
  });
}

export function routesServedBy(fastify: FastifyInstance): readonly string[] {
  return inventories.get(fastify) ?? [];
}
