import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext, DomainError } from '@ledger/decider';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { ProjectionSupervisor, Reactor } from '@ledger/projections';
import { ReassignAccount } from '../accounts/commands/reassign-account.command';
import { managerStream } from '../managers/domain/manager.events';
import { ManagerLookup } from '../managers/manager-lookup';
import { accountDirectoryProjection } from '../directory/account-directory.projection';
import { portfolioOf } from '../directory/account-directory.query';

/** Successors can themselves be offboarded; follow the chain this far at most. */
const MAX_SUCCESSION_DEPTH = 16;
const DIRECTORY_WAIT_MS = 30_000;
/** Refusals that mean "nothing left to do" when the process handles an event again. */
const SETTLED = new Set(['account-not-held-by-manager', 'account-closed', 'same-manager', 'account-not-assigned']);

/**
 * Offboarding with a successor, driven by the log: on `ManagerOffboarded` every account the
 * manager holds is reassigned to the successor, and any later assignment to an offboarded manager
 * (a concurrent command that lost the race) is moved on too. Each reassignment's idempotency key
 * is derived from the events that caused it, so handling an event again after a crash finds the
 * reassignment already in the account's stream and writes nothing.
 */
export class OffboardingProcess implements Reactor {
  readonly name = 'offboarding-process';
  private readonly logger = new Logger('OffboardingProcess');

  constructor(
    private readonly store: EventStore,
    private readonly projections: ProjectionSupervisor,
    private readonly commands: CommandBus,
    private readonly managers: ManagerLookup,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const data = event.data as Record<string, string | null>;
    switch (event.type) {
      case 'ManagerOffboarded':
        return data.successorId ? this.handOver(event, String(data.managerId)) : undefined;
      case 'AccountAssigned':
        return this.moveOnIfOffboarded(event, String(data.accountId), String(data.managerId));
      case 'ManagerReassigned':
        return this.moveOnIfOffboarded(event, String(data.accountId), String(data.toManagerId));
      default:
        return undefined;
    }
  }

  private async handOver(offboarding: RecordedEvent, managerId: string): Promise<void> {
    const directory = accountDirectoryProjection.name;
    if (!(await this.projections.waitFor(directory, offboarding.position, DIRECTORY_WAIT_MS))) {
      throw new Error(`The account directory did not reach position ${offboarding.position}`);
    }
    const held = await portfolioOf(this.projections.readStore, this.projections.activeGeneration(directory), managerId);
    for (const { accountId } of held) await this.reassign(accountId, managerId, offboarding, offboarding);
  }

  private async moveOnIfOffboarded(trigger: RecordedEvent, accountId: string, managerId: string): Promise<void> {
    const manager = await this.managers.state(managerId);
    if (manager.status !== 'offboarded' || manager.successorId === null) return;
    const [offboarding] = await this.store.readStream(managerStream(managerId), { direction: 'backwards', maxCount: 1 });
    await this.reassign(accountId, managerId, offboarding, trigger);
  }

  private async reassign(accountId: string, fromManagerId: string, offboarding: RecordedEvent, trigger: RecordedEvent) {
    const context: CommandContext = {
      actor: { role: 'system', keyId: this.name },
      correlationId: String((offboarding.metadata as { correlationId?: string }).correlationId ?? offboarding.id),
      causationId: offboarding.id,
      idempotencyKey: `offboarding:${offboarding.id}:${accountId}:${trigger.id}`,
      now: new Date().toISOString(),
    };
    const reason = `Offboarding of manager ${fromManagerId}`;
    // The successor may be offboarded while the hand-over runs: then look along the chain again.
    for (let attempt = 1; attempt <= MAX_SUCCESSION_DEPTH; attempt++) {
      const toManagerId = await this.activeSuccessorOf(fromManagerId);
      if (toManagerId === null) {
        this.logger.warn({ accountId, fromManagerId, correlationId: context.correlationId }, 'No active successor: the account stays with the offboarded manager');
        return;
      }
      try {
        await this.commands.execute(new ReassignAccount(accountId, { toManagerId, reason }, context, fromManagerId));
        return;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (SETTLED.has(error.code)) return;
        if (error.code !== 'manager-offboarded') throw error;
      }
    }
  }

  /** The first active manager along the succession chain, or null if it ends without one. */
  private async activeSuccessorOf(managerId: string): Promise<string | null> {
    let current = await this.managers.state(managerId);
    for (let depth = 0; depth < MAX_SUCCESSION_DEPTH; depth++) {
      if (current.status !== 'offboarded' || current.successorId === null) return null;
      const successor = await this.managers.state(current.successorId);
      if (successor.status === 'active') return successor.managerId;
      current = successor;
    }
    return null;
  }
}
