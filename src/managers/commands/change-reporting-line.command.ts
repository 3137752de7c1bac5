import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand } from '@ledger/decider';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { managerDecider } from '../domain/manager.decide';
import { managerStream } from '../domain/manager.events';
import { ManagerLookup } from '../manager-lookup';
import { ChangeReportingLineRequest } from '../managers.requests';

export class ChangeReportingLine extends Command<CommandResult> {
  constructor(
    readonly managerId: string,
    readonly request: ChangeReportingLineRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeReportingLine)
export class ChangeReportingLineHandler implements ICommandHandler<ChangeReportingLine> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly managers: ManagerLookup,
  ) {}

  async execute({ managerId, request, context }: ChangeReportingLine): Promise<CommandResult> {
    const reportsToChain = await this.managers.reportingChain(request.reportsTo);
    return handleCommand(this.store, managerDecider, managerStream(managerId), () => ({
      type: 'ChangeReportingLine' as const,
      managerId,
      reportsTo: request.reportsTo,
      reportsToChain,
      now: context.now,
      effectiveFrom: request.effectiveFrom,
    }), context);
  }
}
