import type { BenchRequest } from './http-load';
import type { TrackedAccount, World } from './bench-world';

/** Of every 20 commands: 8 deals opened, 6 closed, 3 reassignments, 3 key designations or revocations. */
const MIX = ['open', 'open', 'open', 'open', 'open', 'open', 'open', 'open', 'close', 'close', 'close', 'close', 'close', 'close',
  'reassign', 'reassign', 'reassign', 'key', 'key', 'key'] as const;

/** Coprime with any account count that is not a multiple of it: a stride that visits every account before any twice. */
const STRIDE = 7919;

/**
 * The realistic mix over the prepared world, every command one the domain accepts: deals are
 * closed once, reassignments go to another manager, key designations and revocations take turns.
 * Each kind walks the accounts with a large stride, so commands in flight together rarely share a
 * stream. Every command carries an Idempotency-Key, as a careful service sends it.
 */
export function commandMix(world: World, runId: string): () => BenchRequest {
  let sequence = 0;
  const cursors = { open: 0, reassign: 0, key: Math.floor(world.accounts.length / 2) };
  const pick = (cursor: keyof typeof cursors) => world.accounts[(cursors[cursor]++ * STRIDE) % world.accounts.length];
  return () => {
    const n = sequence++;
    const idempotencyKey = `${runId}-${n}`;
    const kind = MIX[n % MIX.length];
    if (kind === 'close' && world.openDeals.length > 0) return closeDeal(world.openDeals.pop()!, n, idempotencyKey);
    if (kind === 'reassign') return reassign(pick('reassign'), world.managers, n, idempotencyKey);
    if (kind === 'key') return toggleKey(pick('key'), idempotencyKey);
    return openDeal(pick('open'), `${runId}-deal-${n}`, idempotencyKey);
  };
}

export function openDeal(account: TrackedAccount, dealId: string, idempotencyKey: string): BenchRequest {
  return {
    method: 'POST', path: '/deals', idempotencyKey, tag: 'open',
    body: { dealId, accountId: account.id, managerId: account.manager, product: 'GTX Pro', expectedAmount: '1200.00', currency: 'USD', openedAt: '2017-06-01' },
  };
}

function closeDeal(dealId: string, n: number, idempotencyKey: string): BenchRequest {
  const body = n % 2 === 0 ? { outcome: 'won', amount: '1000.00', currency: 'USD', closedAt: '2017-07-01' } : { outcome: 'lost', closedAt: '2017-07-01' };
  return { method: 'POST', path: `/deals/${dealId}/closure`, idempotencyKey, tag: 'close', body };
}

function reassign(account: TrackedAccount, managers: string[], n: number, idempotencyKey: string): BenchRequest {
  const current = managers.indexOf(account.manager);
  account.manager = managers[(current + 1 + (n % 7)) % managers.length];
  return { method: 'POST', path: `/accounts/${account.id}/reassignment`, idempotencyKey, tag: 'reassign', body: { toManagerId: account.manager, reason: 'Territory realignment' } };
}

/** Designates a key account, or revokes the designation of one: the same command on the same stream, over and over. */
export function toggleKey(account: TrackedAccount, idempotencyKey: string, tag = 'key'): BenchRequest {
  const path = account.isKey ? `/accounts/${account.id}/key-designation/revocation` : `/accounts/${account.id}/key-designation`;
  account.isKey = !account.isKey;
  return { method: 'POST', path, idempotencyKey, tag, body: { reason: 'Top accounts by revenue' } };
}
