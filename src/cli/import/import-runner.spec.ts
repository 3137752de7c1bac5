import type { CommandBus } from '@nestjs/cqrs';
import { conflict, type CommandResult } from '@ledger/decider';
import { OpenDeal } from '../../deals/commands/open-deal.command';
import { IMPORT_ACTOR, runPlan } from './import-runner';
import { dealTask } from './import-tasks';

const product = { name: 'GTX Pro', salesPrice: '4821.00' };
const deal = (id: string, line: number) =>
  dealTask({
    source: { file: 'sales_pipeline.csv', line },
    id,
    accountId: 'cancity',
    managerId: 'moses-frase',
    product,
    openedAt: '2017-01-02T00:00:00.000Z',
    closing: { outcome: 'won', closedAt: '2017-02-03T00:00:00.000Z', amount: '100.00' },
  });
const written = (events: number, replayed = false): CommandResult =>
  ({ stream: 's', revision: 0, position: 1n, events: Array.from({ length: events }, () => ({ type: 'E', data: { occurredAt: '' } })), replayed });

/** A CommandBus that records what it is sent and answers with `answer`. */
function bus(answer: (command: { dealId: string; context: { idempotencyKey?: string } }) => CommandResult) {
  const sent: unknown[] = [];
  const commands = { execute: async (command: never) => (sent.push(command), answer(command)) } as unknown as CommandBus;
  return { commands, sent };
}

describe('running the plan', () => {
  const options = { correlationId: 'run-1', now: '2024-01-02T03:04:05.000Z' };

  it('sends each step with its idempotency key as the import actor, and counts what was written', async () => {
    const { commands, sent } = bus((command) => written(1, command.dealId === 'D2'));
    const { tally, rejected } = await runPlan(commands, [{ name: 'deals', tasks: [deal('D1', 2), deal('D2', 3)] }], options);
    expect([tally.dealsOpened, tally.dealsWon, tally.commands, tally.eventsWritten, rejected]).toEqual([2, 2, 4, 2, []]);
    expect((sent[0] as OpenDeal).context).toEqual({
      actor: IMPORT_ACTOR,
      correlationId: 'run-1',
      causationId: 'maven-crm:sales_pipeline.csv:2',
      idempotencyKey: 'maven-crm:sales_pipeline.csv:D1:open',
      now: '2024-01-02T03:04:05.000Z',
    });
  });

  it('rejects the row of a refused command with the domain reason, and skips the rest of its task', async () => {
    const { commands, sent } = bus(() => {
      throw conflict('account-closed', 'Account cancity is closed.');
    });
    const ticks: number[] = [];
    const { tally, rejected } = await runPlan(commands, [{ name: 'deals', tasks: [deal('D1', 7)] }], { ...options, onStep: () => ticks.push(1) });
    expect([sent.length, ticks.length, tally.commands]).toEqual([1, 2, 0]);
    expect(rejected).toEqual([{ file: 'sales_pipeline.csv', line: 7, reason: 'Account cancity is closed. (account-closed)' }]);
  });

  it('stops on any other error', async () => {
    const { commands } = bus(() => {
      throw new Error('Event log locked by another connection for over 5000 ms');
    });
    await expect(runPlan(commands, [{ name: 'deals', tasks: [deal('D1', 2)] }], options)).rejects.toThrow('Event log locked');
  });
});
