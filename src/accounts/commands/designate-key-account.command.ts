import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { KeyDesignationRequest } from '../accounts.requests';
import { accountDecider } from '../domain/account.decide';
import { accountStream } from '../domain/account.events';

export class DesignateKeyAccount extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly request: KeyDesignationRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DesignateKeyAccount)
export class DesignateKeyAccountHandler implements ICommandHandler<DesignateKeyAccount> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ accountId, request, context }: DesignateKeyAccount): Promise<CommandResult> {
    return handleCommand(this.store, accountDecider, accountStream(accountId), () => ({
      type: 'DesignateKeyAccount' as const,
      accountId,
      reason: request.reason ?? null,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
