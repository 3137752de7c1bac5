import type { Projection } from '@ledger/projections';
import { keyAccountShareProjection } from './analytics/key-account-share.projection';
import { managerWorkloadsProjection } from './analytics/manager-workloads.projection';
import { accountStreamsProjection } from './audit/account-streams.projection';
import { accountDirectoryProjection } from './directory/account-directory.projection';

/** Every read model the service keeps, for tools that run them outside the app (CLI, tests, benchmarks). */
export const READ_MODELS: readonly Projection[] = [
  accountDirectoryProjection,
  keyAccountShareProjection,
  managerWorkloadsProjection,
  accountStreamsProjection,
];
