import type { TestApp } from './test-app';

/** Onboards a manager through the API and returns its id. */
export async function onboardManager(app: TestApp, managerId: string, extra: Record<string, unknown> = {}) {
  const response = await app.send('POST', '/managers', {
    body: { managerId, name: `Manager ${managerId}`, role: 'account_manager', territory: 'Central', ...extra },
  });
  if (response.status !== 201) throw new Error(`onboarding ${managerId}: ${response.status} ${JSON.stringify(response.body)}`);
  return managerId;
}

/** Opens an account through the API, optionally assigned to a manager. */
export async function openAccount(app: TestApp, accountId: string, managerId?: string) {
  const opened = await app.send('POST', '/accounts', { body: { accountId, name: `Account ${accountId}`, region: 'EMEA', sector: 'retail' } });
  if (opened.status !== 201) throw new Error(`opening ${accountId}: ${opened.status} ${JSON.stringify(opened.body)}`);
  if (managerId) {
    const assigned = await app.send('POST', `/accounts/${accountId}/assignment`, { body: { managerId } });
    if (assigned.status !== 200) throw new Error(`assigning ${accountId}: ${assigned.status} ${JSON.stringify(assigned.body)}`);
  }
  return accountId;
}
