import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiQueryResponses, CsvExport, EntityIdPipe, ProblemException, Roles } from '@ledger/http-kit';
import { ProjectionSupervisor, READ_STORE, ReadStore } from '@ledger/projections';
import { Freshness } from '../read-models.module';
import { accountDirectoryProjection } from './account-directory.projection';
import {
  AccountItem,
  decodeCursor,
  findAccount,
  findManager,
  listAccounts,
  listManagers,
  ManagerItem,
  Page,
  portfolioOf,
} from './account-directory.query';
import { AccountsQuery, DEFAULT_PAGE_SIZE, PageQuery, ReadYourWritesQuery } from './directory.requests';

const DIRECTORY = accountDirectoryProjection.name;

/** The account directory and managers' portfolios, for analysts. Commands on the same paths are the services'. */
@ApiTags('directory')
@Roles('analyst')
@Controller()
export class DirectoryController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly projections: ProjectionSupervisor,
    private readonly freshness: Freshness,
  ) {}

  @Get('accounts')
  @ApiOperation({ summary: 'The account directory, filtered and paged' })
  @ApiQueryResponses({ readYourWrites: true })
  @CsvExport((page: Page<AccountItem>) => page.items)
  async accounts(@Query() query: AccountsQuery): Promise<Page<AccountItem>> {
    await this.freshness.ensure(DIRECTORY, query.minPosition);
    const { tier, managerId, region, sector } = query;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    return listAccounts(this.store, this.generation(), { tier, managerId, region, sector }, query.limit ?? DEFAULT_PAGE_SIZE, after);
  }

  @Get('accounts/:id')
  @ApiOperation({ summary: 'One account as it stands now' })
  @ApiQueryResponses({ readYourWrites: true, notFound: 'No account has this id' })
  async account(@Param('id', EntityIdPipe) accountId: string, @Query() query: ReadYourWritesQuery): Promise<AccountItem> {
    await this.freshness.ensure(DIRECTORY, query.minPosition);
    const account = await findAccount(this.store, this.generation(), accountId);
    if (!account) throw new ProblemException(404, 'account-not-found', `No account has the id ${accountId}`);
    return account;
  }

  @Get('managers')
  @ApiOperation({ summary: 'Managers, paged' })
  @ApiQueryResponses({ readYourWrites: true })
  @CsvExport((page: Page<ManagerItem>) => page.items)
  async managers(@Query() query: PageQuery): Promise<Page<ManagerItem>> {
    await this.freshness.ensure(DIRECTORY, query.minPosition);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    return listManagers(this.store, this.generation(), query.limit ?? DEFAULT_PAGE_SIZE, after);
  }

  @Get('managers/:id')
  @ApiOperation({ summary: 'One manager with the accounts they hold (their portfolio)' })
  @ApiQueryResponses({ readYourWrites: true, notFound: 'No manager has this id' })
  async manager(
    @Param('id', EntityIdPipe) managerId: string,
    @Query() query: ReadYourWritesQuery,
  ): Promise<ManagerItem & { portfolio: AccountItem[] }> {
    await this.freshness.ensure(DIRECTORY, query.minPosition);
    const generation = this.generation();
    const manager = await findManager(this.store, generation, managerId);
    if (!manager) throw new ProblemException(404, 'manager-not-found', `No manager has the id ${managerId}`);
    return { ...manager, portfolio: await portfolioOf(this.store, generation, managerId) };
  }

  private generation(): number {
    return this.projections.activeGeneration(DIRECTORY);
  }
}
