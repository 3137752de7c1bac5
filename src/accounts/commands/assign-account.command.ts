import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ManagerLookup } from '../../managers/manager-lookup';
import { AssignAccountRequest } from '../accounts.requests';
import { accountDecider } from '../domain/account.decide';
import { accountStream } from '../domain/account.events';

export class AssignAccount extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly request: AssignAccountRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AssignAccount)
export class AssignAccountHandler implements ICommandHandler<AssignAccount> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly managers: ManagerLookup,
  ) {}

  async execute({ accountId, request, context }: AssignAccount): Promise<CommandResult> {
    const manager = await this.managers.facts(request.managerId);
    return handleCommand(this.store, accountDecider, accountStream(accountId), () => ({
      type: 'AssignAccount' as const,
      accountId,
      managerId: request.managerId,
      manager,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
