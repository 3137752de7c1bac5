import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore, EventStoreUnavailableError } from '@ledger/event-store';
import { managerDecider } from '../managers/domain/manager.decide';
import { managerStream } from '../managers/domain/manager.events';
import { ManagerLookup } from '../managers/manager-lookup';
import { OffboardManagerRequest } from '../managers/managers.requests';
import { ProjectionSupervisor } from '@ledger/projections';
import { accountDirectoryProjection } from '../directory/account-directory.projection';
import { portfolioOf } from '../directory/account-directory.query';

/** How long the command waits for the account directory to reach the log's head. */
const DIRECTORY_WAIT_MS = 5000;

export class OffboardManager extends Command<CommandResult> {
  constructor(
    readonly managerId: string,
    readonly request: OffboardManagerRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OffboardManager)
export class OffboardManagerHandler implements ICommandHandler<OffboardManager> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly managers: ManagerLookup,
    private readonly projections: ProjectionSupervisor,
  ) {}

  async execute({ managerId, request, context }: OffboardManager): Promise<CommandResult> {
    const successorId = request.successorId ?? null;
    const successor = successorId === null ? null : await this.managers.facts(successorId);
    const accountsHeld = await this.countAccountsHeld(managerId);
    return handleCommand(this.store, managerDecider, managerStream(managerId), () => ({
      type: 'OffboardManager' as const,
      managerId,
      reason: request.reason,
      successorId,
      successor,
      accountsHeld,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }

  /**
   * Read from the account directory once it has caught up with the log. An assignment that lands
   * after this count is caught by the offboarding process, which reassigns it to the successor.
   */
  private async countAccountsHeld(managerId: string): Promise<number> {
    const directory = accountDirectoryProjection.name;
    const head = await this.store.headPosition();
    if (head !== null && !(await this.projections.waitFor(directory, head, DIRECTORY_WAIT_MS))) {
      throw new EventStoreUnavailableError('The account directory is catching up with the log; retry shortly');
    }
    return (await portfolioOf(this.projections.readStore, this.projections.activeGeneration(directory), managerId)).length;
  }
}
