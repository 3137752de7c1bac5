import { readTeams, TEAMS_COLUMNS, TEAMS_FILE } from './maven-crm.teams';
import { csvRows } from './testing';

const teams = (...lines: string[][]) => readTeams(csvRows(TEAMS_FILE, TEAMS_COLUMNS, lines));

describe('sales_teams.csv', () => {
  it('onboards each distinct manager once, as a sales manager in their office', () => {
    const { salesManagers } = teams(['Anna Snelling', 'Dustin Brinkmann', 'Central'], ['Moses Frase', 'Dustin Brinkmann', 'Central']);
    expect(salesManagers.map(({ id, name, role, territory, reportsTo }) => ({ id, name, role, territory, reportsTo }))).toEqual([
      { id: 'dustin-brinkmann', name: 'Dustin Brinkmann', role: 'sales_manager', territory: 'Central', reportsTo: undefined },
    ]);
  });

  it('onboards each agent as an account manager reporting to their manager', () => {
    const { agents, agentIds } = teams(['Anna Snelling', 'Dustin Brinkmann', 'Central'], ['Violet Mclelland', 'Cara Losch', 'East']);
    expect(agents.map(({ id, role, territory, reportsTo }) => [id, role, territory, reportsTo])).toEqual([
      ['anna-snelling', 'account_manager', 'Central', 'dustin-brinkmann'],
      ['violet-mclelland', 'account_manager', 'East', 'cara-losch'],
    ]);
    expect([...agentIds]).toEqual([['Anna Snelling', 'anna-snelling'], ['Violet Mclelland', 'violet-mclelland']]);
  });

  it('rejects an agent listed twice, and a row with an empty cell', () => {
    const { agents, rejected } = teams(['Anna Snelling', 'Dustin Brinkmann', 'Central'], ['Anna Snelling', 'Cara Losch', 'East'], ['Moses Frase', '', 'Central']);
    expect(agents).toHaveLength(1);
    expect(rejected).toEqual([
      { file: TEAMS_FILE, line: 3, reason: 'sales_agent "Anna Snelling" is listed twice (line 2)' },
      { file: TEAMS_FILE, line: 4, reason: 'manager is empty' },
    ]);
  });

  it('rejects a name whose id another name already has, rather than merging the two', () => {
    const { rejected } = teams(['Anna Snelling', 'Dustin Brinkmann', 'Central'], ['Anna  Snelling', 'Dustin Brinkmann', 'Central']);
    expect(rejected).toEqual([{ file: TEAMS_FILE, line: 3, reason: 'manager id anna-snelling of "Anna  Snelling" is already used by "Anna Snelling" (line 2)' }]);
  });
});
