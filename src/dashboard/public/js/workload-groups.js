/**
 * Orders the managers into groups: by team (the lead they report to; a manager who reports to no
 * one leads their own) or by territory. Each group carries the API's roll-up for it: a team's is
 * its lead's whole subtree, as `teams` answers it.
 */
export function groupManagers(workloads, by) {
  const groups = new Map();
  for (const manager of workloads.managers) {
    const key = by === 'team' ? manager.reportsTo ?? manager.managerId : manager.territory;
    if (!groups.has(key)) groups.set(key, { key, title: titleOf(workloads, by, key), rollUp: rollUpOf(workloads, by, key), managers: [] });
    groups.get(key).managers.push(manager);
  }
  const sorted = [...groups.values()].sort((a, b) => a.title.localeCompare(b.title));
  for (const group of sorted) group.managers.sort(leadFirstThenByName(group.key));
  return sorted;
}

function titleOf(workloads, by, key) {
  if (by === 'territory') return key;
  const lead = workloads.managers.find((manager) => manager.managerId === key);
  return `Team of ${lead?.name ?? key}`;
}

function rollUpOf(workloads, by, key) {
  if (by === 'territory') return workloads.territories.find((territory) => territory.territory === key);
  return workloads.teams.find((team) => team.leadId === key);
}

const leadFirstThenByName = (leadId) => (a, b) =>
  Number(b.managerId === leadId) - Number(a.managerId === leadId) || a.name.localeCompare(b.name);
