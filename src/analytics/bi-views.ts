import type { ReadModelView } from '@ledger/projections';
import { KEY_ACCOUNT_SHARE_TABLES, keyAccountShareProjection } from './key-account-share.projection';
import { MANAGER_WORKLOADS_TABLES, managerWorkloadsProjection } from './manager-workloads.projection';

const SHARE = keyAccountShareProjection.name;
const WORKLOADS = managerWorkloadsProjection.name;

/**
 * Key-account sales share per month, region, sector and currency, by the same rule as
 * GET /analytics/key-account-share: a won deal is key-account sales when a designation period
 * known now covers its close date. Sums are in minor units; BI tools re-aggregate over rows
 * (sum the minors, then divide) for quarters, years or all regions.
 */
const keyAccountShareByMonth: ReadModelView = {
  name: 'bi_key_account_share_by_month',
  projections: [SHARE],
  comment: 'Won value and key-account won value (minor units) per closing month, region, sector and currency; share = key / won.',
  select: (table) => `
    SELECT substr(d.closed_at, 1, 7) AS month, a.region, a.sector, d.currency,
      COUNT(*) AS won_deals,
      SUM(d.amount_minor) AS won_minor,
      SUM(CASE WHEN k.is_key THEN d.amount_minor ELSE 0 END) AS key_won_minor,
      ROUND(SUM(CASE WHEN k.is_key THEN d.amount_minor ELSE 0 END)::numeric / NULLIF(SUM(d.amount_minor), 0), 4) AS share
    FROM ${table(SHARE, KEY_ACCOUNT_SHARE_TABLES.wonDeals)} d
    LEFT JOIN ${table(SHARE, KEY_ACCOUNT_SHARE_TABLES.accounts)} a ON a.account_id = d.account_id
    CROSS JOIN LATERAL (
      SELECT EXISTS (
        SELECT 1 FROM ${table(SHARE, KEY_ACCOUNT_SHARE_TABLES.keyPeriods)} p
        WHERE p.account_id = d.account_id AND p.starts_at <= d.closed_at AND (p.ends_at IS NULL OR d.closed_at < p.ends_at)
      ) AS is_key
    ) k
    GROUP BY 1, 2, 3, 4`,
};

/**
 * Each manager now, as GET /analytics/manager-workloads counts them, with won deals over all
 * time (bi_manager_won_deals_by_month has them per month). Offboarded managers are listed with
 * their status, so a BI filter decides.
 */
const managerWorkloads: ReadModelView = {
  name: 'bi_manager_workloads',
  projections: [WORKLOADS],
  comment: 'Per manager: role, territory, reporting line, capacity, open accounts held (key among them), open deals, won deals and value (minor units, all time), utilisation, over capacity.',
  select: (table) => `
    SELECT m.manager_id, m.name, m.role, m.territory, m.reports_to, m.capacity, m.status,
      COALESCE(h.accounts, 0) AS accounts, COALESCE(h.key_accounts, 0) AS key_accounts,
      COALESCE(d.open_deals, 0) AS open_deals, COALESCE(d.won_deals, 0) AS won_deals, COALESCE(d.won_minor, 0) AS won_minor,
      CASE WHEN m.capacity IS NULL THEN NULL
        WHEN m.capacity = 0 THEN CASE WHEN COALESCE(h.accounts, 0) = 0 THEN 0 END
        ELSE ROUND(COALESCE(h.accounts, 0)::numeric / m.capacity, 4) END AS utilisation,
      (m.capacity IS NOT NULL AND COALESCE(h.accounts, 0) > m.capacity) AS over_capacity
    FROM ${table(WORKLOADS, MANAGER_WORKLOADS_TABLES.managers)} m
    LEFT JOIN (
      SELECT manager_id, COUNT(*) AS accounts, SUM(CASE WHEN is_key = 1 THEN 1 ELSE 0 END) AS key_accounts
      FROM ${table(WORKLOADS, MANAGER_WORKLOADS_TABLES.accounts)} WHERE status = 'open' AND manager_id IS NOT NULL GROUP BY manager_id
    ) h ON h.manager_id = m.manager_id
    LEFT JOIN (
      SELECT manager_id, SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_deals,
        SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won_deals, SUM(CASE WHEN status = 'won' THEN amount_minor ELSE 0 END) AS won_minor
      FROM ${table(WORKLOADS, MANAGER_WORKLOADS_TABLES.deals)} GROUP BY manager_id
    ) d ON d.manager_id = m.manager_id`,
};

const managerWonDealsByMonth: ReadModelView = {
  name: 'bi_manager_won_deals_by_month',
  projections: [WORKLOADS],
  comment: 'Won deals and won value (minor units) per credited manager, closing month and currency.',
  select: (table) => `
    SELECT manager_id, substr(closed_at, 1, 7) AS month, currency, COUNT(*) AS won_deals, SUM(amount_minor) AS won_minor
    FROM ${table(WORKLOADS, MANAGER_WORKLOADS_TABLES.deals)} WHERE status = 'won' GROUP BY 1, 2, 3`,
};

/** The SQL views BI tools read with the read-only role (READ_STORE=postgres; see README). */
export const BI_VIEWS: readonly ReadModelView[] = [keyAccountShareByMonth, managerWorkloads, managerWonDealsByMonth];
