import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { managerDecider } from '../domain/manager.decide';
import { managerStream } from '../domain/manager.events';
import { ChangeManagerRoleRequest } from '../managers.requests';

export class ChangeManagerRole extends Command<CommandResult> {
  constructor(
    readonly managerId: string,
    readonly request: ChangeManagerRoleRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeManagerRole)
export class ChangeManagerRoleHandler implements ICommandHandler<ChangeManagerRole> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ managerId, request, context }: ChangeManagerRole): Promise<CommandResult> {
    return handleCommand(this.store, managerDecider, managerStream(managerId), () => ({
      type: 'ChangeManagerRole' as const,
      managerId,
      role: request.role,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
