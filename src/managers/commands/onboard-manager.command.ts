import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { managerDecider } from '../domain/manager.decide';
import { managerStream } from '../domain/manager.events';
import { ManagerLookup } from '../manager-lookup';
import { OnboardManagerRequest } from '../managers.requests';

export class OnboardManager extends Command<CommandResult> {
  constructor(
    readonly managerId: string,
    readonly request: OnboardManagerRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OnboardManager)
export class OnboardManagerHandler implements ICommandHandler<OnboardManager> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly managers: ManagerLookup,
  ) {}

  async execute({ managerId, request, context }: OnboardManager): Promise<CommandResult> {
    const reportsTo = request.reportsTo ?? null;
    const reportsToChain = await this.managers.reportingChain(reportsTo);
    return handleCommand(this.store, managerDecider, managerStream(managerId), () => ({
      type: 'OnboardManager' as const,
      managerId,
      name: request.name,
      role: request.role,
      territory: request.territory,
      reportsTo,
      reportsToChain,
      capacity: request.capacity ?? null,
      email: request.email ?? null,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
