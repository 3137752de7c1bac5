import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_TABLE, covers, endpointOf, renderAccessTable, rolesText } from './access-table';

/** The rows of the markdown table under the README's "## Access" heading, as [endpoint, roles]. */
function readmeAccessRows(): string[][] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Access\n')) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, '')));
}

describe('access table', () => {
  // On failure, paste `renderAccessTable()` into the README's Access section.
  it('is the table the README shows, row for row', () => {
    expect(readmeAccessRows()).toEqual(ACCESS_TABLE.map((rule) => [endpointOf(rule), rolesText(rule)]));
  });

  it('names each endpoint once', () => {
    const endpoints = ACCESS_TABLE.map(endpointOf);
    expect(endpoints.length - new Set(endpoints).size).toBe(0);
  });

  it('writes admin after the roles a rule names', () => {
    expect(rolesText({ method: 'GET', path: '/x', roles: ['analyst', 'auditor'] })).toBe('analyst, auditor, admin');
  });

  it('renders a markdown table with a header row', () => {
    expect(renderAccessTable([{ method: 'GET', path: '/health/live', roles: 'public' }])).toBe(
      '| endpoint | roles |\n| --- | --- |\n| `GET /health/live` | public (no key) |',
    );
  });

  it('covers a route whose parameter Fastify names with a colon', () => {
    expect(covers({ method: 'GET', path: '/accounts/{id}', roles: ['analyst'] }, 'GET /accounts/:id')).toBe(true);
  });

  it('does not cover the same path under another method', () => {
    expect(covers({ method: 'GET', path: '/accounts', roles: ['analyst'] }, 'POST /accounts')).toBe(false);
  });

  it('covers the files under a prefix with a final /*', () => {
    expect(['GET /docs/*', 'GET /docs/index.html', 'GET /docs-yaml'].map((route) => covers({ method: 'GET', path: '/docs/*', roles: 'public' }, route)))
      .toEqual([true, true, false]);
  });
});
