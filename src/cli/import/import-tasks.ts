import { AssignAccountRequest, OpenAccountRequest } from '../../accounts/accounts.requests';
import { CloseDealRequest, OpenDealRequest } from '../../deals/deals.requests';
import { OnboardManagerRequest } from '../../managers/managers.requests';
import { idempotencyKey, Step, Task, validRequest } from './import-steps';
import { ACCOUNTS_FILE, AccountEntry } from './maven-crm.accounts';
import { DealEntry, PIPELINE_FILE } from './maven-crm.pipeline';
import { ManagerEntry, TEAMS_FILE } from './maven-crm.teams';
import { AssignmentEntry } from './ownership';

/*
 * One task per source row, its requests checked as the API checks them. `since` backdates the
 * managers and accounts to the export's first business date, so that every dated fact of the
 * export (a deal engaged, an account assigned) happens after what it refers to.
 */

export function onboardTask(manager: ManagerEntry, since: string | undefined): Task {
  const { id, name, role, territory, reportsTo } = manager;
  const request = validRequest(OnboardManagerRequest, { managerId: id, name, role, territory, reportsTo, effectiveFrom: since });
  return { source: manager.source, steps: [{ kind: 'OnboardManager', id, request, idempotencyKey: idempotencyKey(TEAMS_FILE, id, 'onboard') }] };
}

export function openAccountTask(account: AccountEntry, since: string | undefined): Task {
  const { id, name, sector, country, annualRevenue, employees, parentId } = account;
  const body = { accountId: id, name, sector, country, annualRevenue, employees, parentAccountId: parentId, effectiveFrom: since };
  const request = validRequest(OpenAccountRequest, body);
  return { source: account.source, steps: [{ kind: 'OpenAccount', id, request, idempotencyKey: idempotencyKey(ACCOUNTS_FILE, id, 'open') }] };
}

export function assignTask(assignment: AssignmentEntry): Task {
  const { accountId, managerId, effectiveFrom, opportunityId } = assignment;
  const request = validRequest(AssignAccountRequest, { managerId, effectiveFrom });
  const key = idempotencyKey(PIPELINE_FILE, opportunityId, 'assign-account');
  return { source: assignment.source, steps: [{ kind: 'AssignAccount', id: accountId, request, idempotencyKey: key }] };
}

export function dealTask(deal: DealEntry): Task {
  const { id, accountId, managerId, product, openedAt, closing } = deal;
  const opening = validRequest(OpenDealRequest, {
    dealId: id, accountId, managerId, product: product.name, expectedAmount: product.salesPrice, currency: 'USD', openedAt,
  });
  const steps: Step[] = [{ kind: 'OpenDeal', id, request: opening, idempotencyKey: idempotencyKey(PIPELINE_FILE, id, 'open') }];
  if (closing) {
    const request = validRequest(CloseDealRequest, { outcome: closing.outcome, amount: closing.amount, currency: 'USD', closedAt: closing.closedAt });
    steps.push({ kind: 'CloseDeal', id, request, idempotencyKey: idempotencyKey(PIPELINE_FILE, id, 'close') });
  }
  return { source: deal.source, steps };
}
