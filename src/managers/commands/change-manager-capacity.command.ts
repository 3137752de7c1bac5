import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { managerDecider } from '../domain/manager.decide';
import { managerStream } from '../domain/manager.events';
import { ChangeManagerCapacityRequest } from '../managers.requests';

export class ChangeManagerCapacity extends Command<CommandResult> {
  constructor(
    readonly managerId: string,
    readonly request: ChangeManagerCapacityRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeManagerCapacity)
export class ChangeManagerCapacityHandler implements ICommandHandler<ChangeManagerCapacity> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ managerId, request, context }: ChangeManagerCapacity): Promise<CommandResult> {
    return handleCommand(this.store, managerDecider, managerStream(managerId), () => ({
      type: 'ChangeManagerCapacity' as const,
      managerId,
      capacity: request.capacity,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
