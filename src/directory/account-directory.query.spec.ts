import type { RecordedEvent } from '@ledger/event-store';
import type { SqliteReadStore } from '@ledger/projections';
import { RecordingLog, sqliteReadModel } from '@ledger/projections/testing/read-model-fixture';
import type { ManagerRole } from '../managers/domain/manager.events';
import { eventsOn } from '../testing/recorded-events';
import { accountDirectoryProjection } from './account-directory.projection';
import {
  AccountFilter,
  AccountItem,
  decodeCursor,
  encodeCursor,
  findAccount,
  findManager,
  listAccounts,
  listManagers,
  ManagerItem,
  Page,
  portfolioOf,
} from './account-directory.query';

const OCCURRED_AT = '2017-03-01T00:00:00.000Z';

const log = new RecordingLog();
const events = eventsOn(log, OCCURRED_AT);
const { account } = events;

const opened = (accountId: string, region: string, sector: string) => events.accountOpened(accountId, { region, sector });
const assigned = (accountId: string, managerId: string) => account(accountId, 'AccountAssigned', { managerId });
const designated = (accountId: string) => account(accountId, 'AccountDesignatedKey', { reason: null });
const onboarded = (managerId: string, role: ManagerRole = 'account_manager') => events.managerOnboarded(managerId, { role, territory: 'DACH' });

/**
 * Seven accounts, opened out of id order so that sorting is the query's doing:
 * a-01 EMEA Banking key m-1 · a-02 EMEA Retail m-1 · a-03 APAC Banking key m-2 · a-04 APAC Retail m-1 closed ·
 * a-05 AMER Banking no manager · a-06 EMEA Banking m-2 then m-1 · a-07 AMER Energy m-2. Managers m-1, m-2, m-3.
 */
const directory = (): RecordedEvent[] => [
  onboarded('m-3'), onboarded('m-1'), onboarded('m-2', 'key_account_manager'),
  opened('a-06', 'EMEA', 'Banking'), assigned('a-06', 'm-2'),
  opened('a-03', 'APAC', 'Banking'), assigned('a-03', 'm-2'), designated('a-03'),
  opened('a-01', 'EMEA', 'Banking'), assigned('a-01', 'm-1'), designated('a-01'),
  opened('a-07', 'AMER', 'Energy'), assigned('a-07', 'm-2'),
  opened('a-02', 'EMEA', 'Retail'), assigned('a-02', 'm-1'),
  opened('a-05', 'AMER', 'Banking'),
  opened('a-04', 'APAC', 'Retail'), assigned('a-04', 'm-1'), account('a-04', 'AccountClosed', { reason: 'merged' }),
  account('a-06', 'ManagerReassigned', { fromManagerId: 'm-2', toManagerId: 'm-1', reason: 'territory change' }),
];
const ALL = ['a-01', 'a-02', 'a-03', 'a-04', 'a-05', 'a-06', 'a-07'];

describe('account directory queries', () => {
  let store: SqliteReadStore;
  let close: () => void;

  beforeEach(async () => {
    log.reset();
    const readModel = await sqliteReadModel(accountDirectoryProjection);
    ({ store, close } = readModel);
    await readModel.consumer.process(directory());
  });
  afterEach(() => close());

  const ids = (page: Page<AccountItem>) => page.items.map((item) => item.accountId);
  const accounts = (filter: AccountFilter, limit = 50, after?: string) => listAccounts(store, 1, filter, limit, after);

  /** Every page of a listing, following `next` until it is absent. */
  async function allPages<T>(list: (after?: string) => Promise<Page<T>>): Promise<Page<T>[]> {
    const pages = [await list()];
    while (pages[pages.length - 1].next !== undefined && pages.length <= 20) {
      pages.push(await list(decodeCursor(pages[pages.length - 1].next!)));
    }
    return pages;
  }

  describe('listAccounts', () => {
    it('lists every account by id', async () => {
      expect(ids(await accounts({}))).toEqual(ALL);
    });

    it('has no next page when everything fits', async () => {
      expect(await accounts({})).not.toHaveProperty('next');
    });

    it('filters by tier', async () => {
      expect(ids(await accounts({ tier: 'key' }))).toEqual(['a-01', 'a-03']);
    });

    it('filters by standard tier', async () => {
      expect(ids(await accounts({ tier: 'standard' }))).toEqual(['a-02', 'a-04', 'a-05', 'a-06', 'a-07']);
    });

    it('filters by current manager (closed accounts included)', async () => {
      expect(ids(await accounts({ managerId: 'm-1' }))).toEqual(['a-01', 'a-02', 'a-04', 'a-06']);
    });

    it('filters by region', async () => {
      expect(ids(await accounts({ region: 'EMEA' }))).toEqual(['a-01', 'a-02', 'a-06']);
    });

    it('filters by sector', async () => {
      expect(ids(await accounts({ sector: 'Banking' }))).toEqual(['a-01', 'a-03', 'a-05', 'a-06']);
    });

    it('combines filters', async () => {
      expect(ids(await accounts({ tier: 'key', region: 'APAC', sector: 'Banking' }))).toEqual(['a-03']);
    });

    it('answers an empty page when nothing matches', async () => {
      expect(await accounts({ region: 'Antarctica' })).toEqual({ items: [] });
    });

    describe('paging', () => {
      let pages: Page<AccountItem>[];

      beforeEach(async () => {
        pages = await allPages((after) => accounts({}, 3, after));
      });

      it('cuts the listing into pages of the limit', () => {
        expect(pages.map((page) => page.items.length)).toEqual([3, 3, 1]);
      });

      it('covers every account, each once, in id order', () => {
        expect(pages.flatMap(ids)).toEqual(ALL);
      });

      it('gives the last id of a page as the cursor of the next', () => {
        expect(pages[0].next).toBe(encodeCursor('a-03'));
      });

      it('has no next on the last page', () => {
        expect(pages[2]).not.toHaveProperty('next');
      });
    });

    it('has no next page when the last page is exactly full', async () => {
      expect(await accounts({}, ALL.length)).not.toHaveProperty('next');
    });

    it('pages a filtered listing within the filter', async () => {
      const pages = await allPages((after) => accounts({ managerId: 'm-1' }, 2, after));
      expect(pages.map(ids)).toEqual([['a-01', 'a-02'], ['a-04', 'a-06']]);
    });
  });

  describe('findAccount', () => {
    it('returns the account as it stands now', async () => {
      expect(await findAccount(store, 1, 'a-06')).toEqual<AccountItem>({
        accountId: 'a-06', name: 'Account a-06', sector: 'Banking', region: 'EMEA', country: null, parentAccountId: null,
        tier: 'standard', managerId: 'm-1', status: 'open', revision: 2,
      });
    });

    it('returns undefined for an unknown account', async () => {
      expect(await findAccount(store, 1, 'a-99')).toBeUndefined();
    });
  });

  describe('listManagers', () => {
    it('lists every manager by id', async () => {
      expect((await listManagers(store, 1, 50)).items.map((item) => item.managerId)).toEqual(['m-1', 'm-2', 'm-3']);
    });

    it('pages by the limit, following the cursor, with no next on the last page', async () => {
      const pages = await allPages((after) => listManagers(store, 1, 2, after));
      expect(pages.map((page) => [page.items.map((item) => item.managerId), page.next])).toEqual([
        [['m-1', 'm-2'], encodeCursor('m-2')],
        [['m-3'], undefined],
      ]);
    });
  });

  describe('findManager', () => {
    it('returns the manager', async () => {
      expect(await findManager(store, 1, 'm-2')).toEqual<ManagerItem>({
        managerId: 'm-2', name: 'Manager m-2', role: 'key_account_manager', territory: 'DACH', reportsTo: null, capacity: null, status: 'active',
      });
    });

    it('returns undefined for an unknown manager', async () => {
      expect(await findManager(store, 1, 'm-99')).toBeUndefined();
    });
  });

  describe('portfolioOf', () => {
    it("lists the manager's open accounts by id, leaving closed ones out", async () => {
      expect((await portfolioOf(store, 1, 'm-1')).map((item) => item.accountId)).toEqual(['a-01', 'a-02', 'a-06']);
    });

    it('leaves out accounts reassigned to someone else', async () => {
      expect((await portfolioOf(store, 1, 'm-2')).map((item) => item.accountId)).toEqual(['a-03', 'a-07']);
    });

    it('is empty for a manager holding no account', async () => {
      expect(await portfolioOf(store, 1, 'm-3')).toEqual([]);
    });
  });

  it('cursors round-trip through encode and decode', () => {
    expect(decodeCursor(encodeCursor('a-03'))).toBe('a-03');
  });
});
