import type { ReadStore } from '@ledger/projections';
import { queryKeyAccountShare } from '../../src/analytics/key-account-share.query';
import { queryManagerWorkloads } from '../../src/analytics/manager-workloads.query';
import { streamsOfAccount } from '../../src/audit/account-history.query';
import { decodeCursor, findAccount, listAccounts, listManagers, Page, portfolioOf } from '../../src/directory/account-directory.query';

type Generations = (projection: string) => number;

/** What every analyst and auditor query answers on a store, for many parameters: to compare two stores. */
export async function answersOf(store: ReadStore, generationOf: Generations, ids: { accounts: string[]; managers: string[] }) {
  const share = generationOf('key-account-share');
  const workloads = generationOf('manager-workloads');
  const directory = generationOf('account-directory');
  const answers: Record<string, unknown> = {};
  for (const groupBy of ['month', 'quarter', 'year', 'none'] as const) {
    for (const filter of [{}, { region: 'East' }, { sector: 'retail' }, { region: 'EMEA', sector: 'software' }]) {
      for (const range of [{}, { from: '2017-03-01', to: '2017-09-30' }, { from: '2017-10-01T12:00:00Z' }]) {
        const params = { groupBy, currency: 'USD', ...filter, ...range };
        answers[`share ${JSON.stringify(params)}`] = await queryKeyAccountShare(store, share, params);
      }
    }
  }
  for (const range of [{}, { from: '2017-03-01', to: '2017-09-30' }]) {
    for (const territory of [undefined, 'East', 'West']) {
      answers[`workloads ${JSON.stringify({ range, territory })}`] = await queryManagerWorkloads(store, workloads, { ...range, territory, currency: 'USD' });
    }
  }
  for (const filter of [{}, { tier: 'key' }, { managerId: ids.managers[1] }, { region: 'East', sector: 'retail' }]) {
    answers[`accounts ${JSON.stringify(filter)}`] = await allPages((after) => listAccounts(store, directory, filter, 7, after));
  }
  answers.managers = await allPages((after) => listManagers(store, directory, 5, after));
  for (const accountId of ids.accounts) {
    answers[`account ${accountId}`] = await findAccount(store, directory, accountId);
    answers[`streams ${accountId}`] = await streamsOfAccount(store, generationOf('account-streams'), accountId);
  }
  for (const managerId of ids.managers) answers[`portfolio ${managerId}`] = await portfolioOf(store, directory, managerId);
  return answers;
}

/** Follows the cursors to the last page, as a caller would. */
async function allPages<T>(page: (after?: string) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
    const result = await page(cursor === undefined ? undefined : decodeCursor(cursor));
    pages.push(result.items);
    cursor = result.next;
  }
  return pages;
}
