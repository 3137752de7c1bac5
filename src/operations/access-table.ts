import type { Role } from '@ledger/http-kit';

/**
 * Who may call what: the one list that the README's "Access" section is rendered from and that
 * `test/access.e2e-spec.ts` checks the running app against, route by route and role by role.
 * A route the app serves (any Fastify route, not only Nest's) that no rule covers fails that
 * test, so no endpoint ships without an access rule: add its row here and in the README.
 *
 * `admin` may call everything and is not repeated in `roles`; `public` routes need no key.
 */
export interface AccessRule {
  readonly method: 'GET' | 'POST';
  /** As in the OpenAPI document: `{id}` for a path parameter; a final `/*` for static files under a prefix. */
  readonly path: string;
  readonly roles: readonly Exclude<Role, 'admin'>[] | 'public';
}

const service = ['service'] as const;
const analyst = ['analyst'] as const;
const auditor = ['auditor'] as const;
const adminOnly = [] as const;

export const ACCESS_TABLE: readonly AccessRule[] = [
  { method: 'POST', path: '/managers', roles: service },
  { method: 'POST', path: '/managers/{id}/role', roles: service },
  { method: 'POST', path: '/managers/{id}/reporting-line', roles: service },
  { method: 'POST', path: '/managers/{id}/capacity', roles: service },
  { method: 'POST', path: '/managers/{id}/offboarding', roles: service },
  { method: 'POST', path: '/accounts', roles: service },
  { method: 'POST', path: '/accounts/{id}/assignment', roles: service },
  { method: 'POST', path: '/accounts/{id}/reassignment', roles: service },
  { method: 'POST', path: '/accounts/{id}/key-designation', roles: service },
  { method: 'POST', path: '/accounts/{id}/key-designation/revocation', roles: service },
  { method: 'POST', path: '/accounts/{id}/closure', roles: service },
  { method: 'POST', path: '/deals', roles: service },
  { method: 'POST', path: '/deals/{id}/closure', roles: service },

  { method: 'GET', path: '/analytics/key-account-share', roles: analyst },
  { method: 'GET', path: '/analytics/manager-workloads', roles: analyst },
  { method: 'GET', path: '/accounts', roles: analyst },
  { method: 'GET', path: '/accounts/{id}', roles: analyst },
  { method: 'GET', path: '/managers', roles: analyst },
  { method: 'GET', path: '/managers/{id}', roles: analyst },
  // Lineage ties the analysts' figures to the events behind them: both sides need it.
  { method: 'GET', path: '/analytics/key-account-share/lineage', roles: ['analyst', 'auditor'] },
  { method: 'GET', path: '/analytics/manager-workloads/{managerId}/lineage', roles: ['analyst', 'auditor'] },
  // How fresh those figures are: the operators' projection status is admin only.
  { method: 'GET', path: '/analytics/freshness', roles: ['analyst', 'auditor'] },

  { method: 'GET', path: '/accounts/{id}/history', roles: auditor },
  { method: 'GET', path: '/accounts/{id}/state', roles: auditor },
  { method: 'GET', path: '/audit/verify', roles: auditor },
  { method: 'GET', path: '/audit/export', roles: auditor },

  { method: 'GET', path: '/admin/projections', roles: adminOnly },
  { method: 'POST', path: '/admin/projections/{name}/rebuild', roles: adminOnly },
  { method: 'POST', path: '/admin/projections/{name}/restart', roles: adminOnly },
  { method: 'GET', path: '/metrics', roles: adminOnly },

  // Load balancers and newcomers need these before they have a key; they hold no data.
  { method: 'GET', path: '/health/live', roles: 'public' },
  { method: 'GET', path: '/health/ready', roles: 'public' },
  { method: 'GET', path: '/docs', roles: 'public' },
  { method: 'GET', path: '/docs/openapi.json', roles: 'public' },
  { method: 'GET', path: '/docs-yaml', roles: 'public' },
  { method: 'GET', path: '/docs/*', roles: 'public' },
  // The dashboard's page and files (Chart.js among them) hold no data: each data call it makes carries a key.
  { method: 'GET', path: '/dashboard', roles: 'public' },
  { method: 'GET', path: '/dashboard/*', roles: 'public' },
];

/** Whether a rule covers a route as Fastify names it (`GET /accounts/:id`). */
export function covers(rule: AccessRule, route: string): boolean {
  const [method, url] = route.split(' ');
  const path = url.replace(/:(\w+)/g, '{$1}');
  if (method !== rule.method) return false;
  return rule.path.endsWith('/*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}

/** `POST /accounts/{id}/closure`: how a rule is named in the README and in test titles. */
export const endpointOf = (rule: Pick<AccessRule, 'method' | 'path'>) => `${rule.method} ${rule.path}`;

/** The roles a rule lets in, as the README writes them. */
export function rolesText(rule: AccessRule): string {
  return rule.roles === 'public' ? 'public (no key)' : [...rule.roles, 'admin'].join(', ');
}

/** The README's "Access" table, generated from ACCESS_TABLE. */
export function renderAccessTable(rules: readonly AccessRule[] = ACCESS_TABLE): string {
  const rows = rules.map((rule) => `| \`${endpointOf(rule)}\` | ${rolesText(rule)} |`);
  return ['| endpoint | roles |', '| --- | --- |', ...rows].join('\n');
}
