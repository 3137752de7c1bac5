import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { AppConfig } from '../../config';
import { parseAmount } from '../../deals/domain/money';
import { AccountLookup } from '../account-lookup';
import { OpenAccountRequest } from '../accounts.requests';
import { accountDecider } from '../domain/account.decide';
import { accountStream } from '../domain/account.events';

export class OpenAccount extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly request: OpenAccountRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenAccount)
export class OpenAccountHandler implements ICommandHandler<OpenAccount> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accounts: AccountLookup,
    private readonly config: AppConfig,
  ) {}

  async execute({ accountId, request, context }: OpenAccount): Promise<CommandResult> {
    const parentAccountId = request.parentAccountId ?? null;
    const parent = parentAccountId === null ? null : await this.accounts.facts(parentAccountId);
    const currency = this.config.REPORTING_CURRENCY;
    const annualRevenueMinor = request.annualRevenue === undefined ? null : parseAmount(request.annualRevenue, currency, 'annualRevenue');
    return handleCommand(this.store, accountDecider, accountStream(accountId), () => ({
      type: 'OpenAccount' as const,
      accountId,
      name: request.name,
      sector: request.sector ?? null,
      region: request.region ?? null,
      country: request.country ?? null,
      parentAccountId,
      parent,
      annualRevenueMinor,
      currency: annualRevenueMinor === null ? null : currency,
      employees: request.employees ?? null,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
