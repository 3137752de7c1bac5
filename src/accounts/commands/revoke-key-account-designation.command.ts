import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { KeyDesignationRequest } from '../accounts.requests';
import { accountDecider } from '../domain/account.decide';
import { accountStream } from '../domain/account.events';

export class RevokeKeyAccountDesignation extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly request: KeyDesignationRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RevokeKeyAccountDesignation)
export class RevokeKeyAccountDesignationHandler implements ICommandHandler<RevokeKeyAccountDesignation> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ accountId, request, context }: RevokeKeyAccountDesignation): Promise<CommandResult> {
    return handleCommand(this.store, accountDecider, accountStream(accountId), () => ({
      type: 'RevokeKeyAccountDesignation' as const,
      accountId,
      reason: request.reason ?? null,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
