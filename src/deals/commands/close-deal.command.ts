import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { AccountLookup } from '../../accounts/account-lookup';
import { AppConfig } from '../../config';
import { CloseDealRequest } from '../deals.requests';
import { dealDecider } from '../domain/deal.decide';
import { dealStream } from '../domain/deal.events';

export class CloseDeal extends Command<CommandResult> {
  constructor(
    readonly dealId: string,
    readonly request: CloseDealRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseDeal)
export class CloseDealHandler implements ICommandHandler<CloseDeal> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accounts: AccountLookup,
    private readonly config: AppConfig,
  ) {}

  async execute({ dealId, request, context }: CloseDeal): Promise<CommandResult> {
    return handleCommand(this.store, dealDecider, dealStream(dealId), async (deal) => ({
      type: 'CloseDeal' as const,
      dealId,
      outcome: request.outcome,
      amount: request.amount ?? null,
      currency: request.currency ?? null,
      reportingCurrency: this.config.REPORTING_CURRENCY,
      closedAt: request.closedAt ?? null,
      account: deal.status === 'unopened' ? null : await this.accounts.facts(deal.accountId),
      now: context.now,
    }), context);
  }
}
