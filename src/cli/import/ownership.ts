import type { SourceRef } from './csv-file';
import type { DealEntry } from './maven-crm.pipeline';

/** An account's first manager, and the opportunity that made them so. */
export interface AssignmentEntry {
  readonly source: SourceRef;
  readonly opportunityId: string;
  readonly accountId: string;
  readonly managerId: string;
  readonly effectiveFrom: string;
}

/**
 * The export does not say who manages an account (PRODUCT.md): it goes to the first agent who
 * engaged it, at that date; ties go to the smaller opportunity_id. Prospects have no date and
 * so never decide; an account nobody engaged stays unassigned.
 */
export function firstEngagements(deals: readonly DealEntry[]): AssignmentEntry[] {
  const first = new Map<string, DatedDeal>();
  for (const deal of deals.filter(isDated)) {
    const current = first.get(deal.accountId);
    if (!current || isEarlier(deal, current)) first.set(deal.accountId, deal);
  }
  return [...first.values()].map((deal) => ({
    source: deal.source,
    opportunityId: deal.id,
    accountId: deal.accountId,
    managerId: deal.managerId,
    effectiveFrom: deal.openedAt,
  }));
}

type DatedDeal = DealEntry & { readonly openedAt: string };

const isDated = (deal: DealEntry): deal is DatedDeal => deal.openedAt !== undefined;

// Both dates are UTC timestamps of the same form, so they compare as strings.
function isEarlier(deal: DatedDeal, than: DatedDeal): boolean {
  if (deal.openedAt !== than.openedAt) return deal.openedAt < than.openedAt;
  return deal.id < than.id;
}
