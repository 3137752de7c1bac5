import type { ManagerRole } from '../../managers/domain/manager.events';
import type { CsvRow, Rejection, SourceRef } from './csv-file';
import { IdRegistry } from './id-registry';
import { idFromName, InvalidCell } from './normalise';

export const TEAMS_FILE = 'sales_teams.csv';
export const TEAMS_COLUMNS = ['sales_agent', 'manager', 'regional_office'] as const;

/** A manager to onboard: a team's sales manager or one of its agents. */
export interface ManagerEntry {
  readonly source: SourceRef;
  readonly id: string;
  readonly name: string;
  readonly role: ManagerRole;
  readonly territory: string;
  readonly reportsTo?: string;
}

export interface Teams {
  readonly salesManagers: ManagerEntry[];
  readonly agents: ManagerEntry[];
  /** Agent name as the pipeline spells it → manager id. */
  readonly agentIds: Map<string, string>;
  readonly rejected: Rejection[];
}

/**
 * Each distinct `manager` becomes a `sales_manager` in the territory of their `regional_office`
 * (from their first row), each `sales_agent` an `account_manager` reporting to their manager.
 * Agents and managers share one id space (they are all managers' streams).
 */
export function readTeams(rows: readonly CsvRow[]): Teams {
  const teams: Teams = { salesManagers: [], agents: [], agentIds: new Map(), rejected: [] };
  const ids = new IdRegistry('manager');
  for (const row of rows) {
    try {
      addRow(teams, ids, row);
    } catch (error) {
      if (!(error instanceof InvalidCell)) throw error;
      teams.rejected.push({ file: row.file, line: row.line, reason: error.message });
    }
  }
  return teams;
}

function addRow(teams: Teams, ids: IdRegistry, row: CsvRow): void {
  const { sales_agent: agent, manager, regional_office: office } = row.values;
  for (const column of TEAMS_COLUMNS) {
    if (row.values[column] === '') throw new InvalidCell(`${column} is empty`);
  }
  if (teams.agentIds.has(agent)) throw new InvalidCell(`sales_agent "${agent}" is listed twice (line ${ids.lineOf(teams.agentIds.get(agent)!)})`);
  const managerId = idFromName(manager, 'manager');
  const agentId = idFromName(agent, 'sales_agent');
  // Every check before any change: a row is taken whole or not at all.
  const knownManager = ids.isTakenBy(managerId, manager);
  if (agentId === managerId || ids.isTakenBy(agentId, agent)) {
    throw new InvalidCell(`sales_agent "${agent}" is also a manager: id ${agentId} is taken`);
  }
  const source = { file: row.file, line: row.line };
  if (!knownManager) {
    ids.take(managerId, manager, row.line);
    teams.salesManagers.push({ source, id: managerId, name: manager, role: 'sales_manager', territory: office });
  }
  ids.take(agentId, agent, row.line);
  teams.agents.push({ source, id: agentId, name: agent, role: 'account_manager', territory: office, reportsTo: managerId });
  teams.agentIds.set(agent, agentId);
}
