import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CloseAccountRequest } from '../accounts.requests';
import { accountDecider } from '../domain/account.decide';
import { accountStream } from '../domain/account.events';

export class CloseAccount extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly request: CloseAccountRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseAccount)
export class CloseAccountHandler implements ICommandHandler<CloseAccount> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ accountId, request, context }: CloseAccount): Promise<CommandResult> {
    return handleCommand(this.store, accountDecider, accountStream(accountId), () => ({
      type: 'CloseAccount' as const,
      accountId,
      reason: request.reason,
      now: context.now,
    }), context);
  }
}
