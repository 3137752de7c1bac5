import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where the page is served; `/dashboard` redirects here so that the page's relative URLs resolve. */
export const DASHBOARD_PREFIX = '/dashboard/';

/**
 * The page's own files. Beside this module both in the sources (tests) and in `dist/` (nest-cli.json
 * copies them as assets), so one path serves both.
 */
export const DASHBOARD_PUBLIC_DIR = join(__dirname, 'public');

/** Chart.js's UMD build, from the installed package (a dependency): no CDN, no copy to keep in step. */
const CHART_JS_DIR = dirname(require.resolve('chart.js'));
const CHART_JS_FILE = 'chart.umd.min.js';

/**
 * Registers the dashboard's static files on Fastify, public like the API docs: they hold no data,
 * and every data call the page makes carries the analyst's key. Registered in its own context with
 * `decorateReply: false`, as the Swagger UI's files are, so neither owns `reply.sendFile`.
 */
export async function dashboardAssets(fastify: FastifyInstance): Promise<void> {
  // Relative, so that it also holds behind a proxy that serves the service under a path.
  fastify.get(DASHBOARD_PREFIX.slice(0, -1), (_request, reply) => reply.redirect('dashboard/'));
  await fastify.register(fastifyStatic, { root: DASHBOARD_PUBLIC_DIR, prefix: DASHBOARD_PREFIX, decorateReply: false });
  await fastify.register(fastifyStatic, {
    root: CHART_JS_DIR,
    prefix: `${DASHBOARD_PREFIX}vendor/`,
    // The package's other builds and source maps are not the page's.
    allowedPath: (path) => path === `/${CHART_JS_FILE}`,
    decorateReply: false,
  });
}
