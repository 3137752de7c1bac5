import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { AccountLookup } from '../../accounts/account-lookup';
import { AppConfig } from '../../config';
import { ManagerLookup } from '../../managers/manager-lookup';
import { OpenDealRequest } from '../deals.requests';
import { dealDecider } from '../domain/deal.decide';
import { dealStream } from '../domain/deal.events';

export class OpenDeal extends Command<CommandResult> {
  constructor(
    readonly dealId: string,
    readonly request: OpenDealRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenDeal)
export class OpenDealHandler implements ICommandHandler<OpenDeal> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accounts: AccountLookup,
    private readonly managers: ManagerLookup,
    private readonly config: AppConfig,
  ) {}

  async execute({ dealId, request, context }: OpenDeal): Promise<CommandResult> {
    const [account, manager] = await Promise.all([this.accounts.facts(request.accountId), this.managers.facts(request.managerId)]);
    return handleCommand(this.store, dealDecider, dealStream(dealId), () => ({
      type: 'OpenDeal' as const,
      dealId,
      accountId: request.accountId,
      account,
      managerId: request.managerId,
      manager,
      product: request.product ?? null,
      expectedAmount: request.expectedAmount ?? null,
      currency: request.currency ?? null,
      reportingCurrency: this.config.REPORTING_CURRENCY,
      openedAt: request.openedAt ?? null,
      now: context.now,
    }), context);
  }
}
