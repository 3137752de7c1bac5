import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ManagerLookup } from '../../managers/manager-lookup';
import { ReassignAccountRequest } from '../accounts.requests';
import { accountDecider } from '../domain/account.decide';
import { accountStream } from '../domain/account.events';

export class ReassignAccount extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly request: ReassignAccountRequest,
    readonly context: CommandContext,
    /** Set by the offboarding process: reassign only while this manager still holds the account. */
    readonly expectedFromManagerId?: string,
  ) {
    super();
  }
}

@CommandHandler(ReassignAccount)
export class ReassignAccountHandler implements ICommandHandler<ReassignAccount> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly managers: ManagerLookup,
  ) {}

  async execute({ accountId, request, context, expectedFromManagerId }: ReassignAccount): Promise<CommandResult> {
    const toManager = await this.managers.facts(request.toManagerId);
    return handleCommand(this.store, accountDecider, accountStream(accountId), () => ({
      type: 'ReassignAccount' as const,
      accountId,
      toManagerId: request.toManagerId,
      toManager,
      reason: request.reason,
      expectedFromManagerId,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
