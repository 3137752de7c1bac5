import { seededRandom } from './seeded-random';
import type { TestApp, TestResponse } from './test-app';

export interface SoakWorld {
  readonly accounts: readonly string[];
  readonly managers: readonly string[];
  /** Deal ids the clients draw from, so that opens and closes collide. */
  readonly deals: readonly string[];
  /** Accounts that may be closed, and managers who may leave: the others keep the soak busy to its end. */
  readonly closable: readonly string[];
  readonly leavers: readonly string[];
}

/** One request of the soak and what came back. */
export interface SoakRequest {
  readonly op: string;
  readonly response: TestResponse;
}

type Pick = <T>(items: readonly T[]) => T;
type Op = (app: TestApp, pick: Pick, etags: Map<string, string>) => Promise<TestResponse>;

const accountCommand = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  (app: TestApp, etags: Map<string, string>, accountId: string) =>
    app.send('POST', `/accounts/${accountId}${path}`, { body, headers }).then((response) => {
      const etag = response.headers.get('etag');
      if (etag) etags.set(accountId, etag);
      return response;
    });

/** The operations and how often each is drawn; offboardings and closures are rare, as in life. */
export function soakOperations(world: SoakWorld): Array<[string, number, Op]> {
  return [
    ['assign', 14, (app, pick, etags) => accountCommand('/assignment', { managerId: pick(world.managers) })(app, etags, pick(world.accounts))],
    ['reassign', 14, (app, pick, etags) =>
      accountCommand('/reassignment', { toManagerId: pick(world.managers), reason: 'Soak' })(app, etags, pick(world.accounts))],
    ['reassign-if-match', 14, (app, pick, etags) => {
      const accountId = pick(world.accounts);
      const headers: Record<string, string> = { 'if-match': etags.get(accountId) ?? '"0"' };
      return accountCommand('/reassignment', { toManagerId: pick(world.managers), reason: 'Soak' }, headers)(app, etags, accountId);
    }],
    ['designate-key', 8, (app, pick, etags) => accountCommand('/key-designation', {})(app, etags, pick(world.accounts))],
    ['revoke-key', 8, (app, pick, etags) => accountCommand('/key-designation/revocation', {})(app, etags, pick(world.accounts))],
    ['open-deal', 14, (app, pick) =>
      app.send('POST', '/deals', { body: { dealId: pick(world.deals), accountId: pick(world.accounts), managerId: pick(world.managers) } })],
    ['close-deal', 14, (app, pick) =>
      app.send('POST', `/deals/${pick(world.deals)}/closure`, { body: pick([{ outcome: 'won', amount: '250.00' }, { outcome: 'lost' }]) })],
    ['offboard', 2, (app, pick) => {
      const [managerId, successorId] = [pick(world.leavers), pick(world.managers)];
      return app.send('POST', `/managers/${managerId}/offboarding`, { body: { reason: 'Soak', successorId } });
    }],
    ['close-account', 1, (app, pick, etags) => accountCommand('/closure', { reason: 'Soak' })(app, etags, pick(world.closable))],
  ];
}

/** `clients` loops side by side, each drawing operations with its own seed, until `durationMs` has passed. */
export async function runSoak(app: TestApp, world: SoakWorld, options: { clients: number; durationMs: number; seed: number }) {
  const operations = soakOperations(world);
  const totalWeight = operations.reduce((sum, [, weight]) => sum + weight, 0);
  const etags = new Map<string, string>();
  const deadline = Date.now() + options.durationMs;
  const client = async (index: number): Promise<SoakRequest[]> => {
    const random = seededRandom(options.seed + index);
    const pick: Pick = (items) => items[Math.floor(random() * items.length)];
    const requests: SoakRequest[] = [];
    while (Date.now() < deadline) {
      let draw = random() * totalWeight;
      const [op, , run] = operations.find(([, weight]) => (draw -= weight) < 0) ?? operations[0];
      requests.push({ op, response: await run(app, pick, etags) });
    }
    return requests;
  };
  return (await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)))).flat();
}
