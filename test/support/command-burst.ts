import type { CallResult } from './service-process';

/** A command sent with an Idempotency-Key, and the stream it writes. */
export interface BurstCommand {
  readonly key: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly stream: string;
}

export interface Outcome {
  readonly command: BurstCommand;
  readonly result: CallResult;
}

type Send = (method: string, path: string, options: { body: unknown; headers: Record<string, string> }) => Promise<CallResult>;

/**
 * Chain `i`: two managers, an account assigned to the first, designated key, a deal on it opened
 * and won, then the account handed to the second manager. Each step needs the steps before it.
 */
export function chain(i: number): BurstCommand[] {
  const [manager, heir, account, deal] = [`m${i}`, `n${i}`, `a${i}`, `d${i}`];
  const step = (n: number, path: string, body: Record<string, unknown>, stream: string): BurstCommand => ({
    key: `burst-${i}-${n}`, path, body, stream,
  });
  const onboard = (managerId: string) => ({ managerId, name: `Manager ${managerId}`, role: 'account_manager', territory: 'Central' });
  return [
    step(1, '/managers', onboard(manager), `manager-${manager}`),
    step(2, '/managers', onboard(heir), `manager-${heir}`),
    step(3, '/accounts', { accountId: account, name: `Account ${account}`, region: 'EMEA', sector: 'retail' }, `account-${account}`),
    step(4, `/accounts/${account}/assignment`, { managerId: manager }, `account-${account}`),
    step(5, `/accounts/${account}/key-designation`, { effectiveFrom: '2017-01-01' }, `account-${account}`),
    step(6, '/deals', { dealId: deal, accountId: account, managerId: manager, openedAt: '2017-02-01' }, `deal-${deal}`),
    step(7, `/deals/${deal}/closure`, { outcome: 'won', amount: '100.00', closedAt: '2017-03-01' }, `deal-${deal}`),
    step(8, `/accounts/${account}/reassignment`, { toManagerId: heir, reason: 'Hand-over' }, `account-${account}`),
  ];
}

export const acknowledged = (result: CallResult): result is Extract<CallResult, { status: number }> =>
  typeof result.status === 'number' && result.status >= 200 && result.status < 300;

export const sendCommand = (send: Send, command: BurstCommand) =>
  send('POST', command.path, { body: command.body, headers: { 'idempotency-key': command.key } });

/**
 * Runs the chains side by side, each step once the one before it was acknowledged; a chain stops
 * at its first command without a 2xx.
 */
export async function runChains(send: Send, chains: BurstCommand[][]) {
  return Promise.all(
    chains.map(async (commands) => {
      const outcomes: Outcome[] = [];
      for (const command of commands) {
        const outcome = { command, result: await sendCommand(send, command) };
        outcomes.push(outcome);
        if (!acknowledged(outcome.result)) break;
      }
      return outcomes;
    }),
  );
}
