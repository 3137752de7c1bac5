import { apiGet, queryString } from './api.js';
import { COLORS } from './colors.js';
import { byId, el, replaceRows } from './dom.js';
import { money, percent } from './format.js';
import { groupManagers } from './workload-groups.js';

const ROW_HEIGHT_PX = 22;
let chart;
let shown = [];

/** Accounts and key accounts per manager against capacity, grouped by team or territory. */
export async function showWorkloads(key, { from, to }, groupBy, onManager) {
  const workloads = await apiGet(`/analytics/manager-workloads${queryString({ from, to })}`, key);
  const groups = groupManagers(workloads, groupBy);
  shown = groups.flatMap((group) => group.managers);
  replaceRows(byId('workloads-table'), groups.flatMap((group) => [groupRow(group), ...group.managers.map(managerRow)]));
  drawChart(onManager);
  return workloads;
}

function groupRow({ key, title, rollUp, managers }) {
  const figures = rollUp ?? {};
  // Not highlighted as a manager is: a team's capacity counts only the members who have one.
  return el('tr', { className: 'group', dataset: { group: key, accounts: figures.accounts ?? '' } }, [
    el('th', { colspan: 3, scope: 'rowgroup' }, `${title} · ${managers.length} listed`),
    el('td', { className: 'number' }, figures.accounts ?? ''),
    el('td', { className: 'number' }, figures.keyAccounts ?? ''),
    el('td', { className: 'number' }, figures.capacity ?? '–'),
    el('td', { className: 'number' }, utilisation(figures)),
    el('td', { className: 'number' }, figures.wonValue === undefined ? '' : money(figures.wonValue)),
  ]);
}

function managerRow(manager) {
  const dataset = {
    managerId: manager.managerId, accounts: manager.accounts, keyAccounts: manager.keyAccounts,
    capacity: manager.capacity ?? '', overCapacity: manager.overCapacity,
  };
  return el('tr', { className: manager.overCapacity ? 'manager over-capacity' : 'manager', dataset }, [
    el('td', {}, el('button', { type: 'button', className: 'link', dataset: { managerId: manager.managerId } }, manager.name)),
    el('td', {}, manager.role.replaceAll('_', ' ')),
    el('td', {}, manager.territory),
    el('td', { className: 'number' }, manager.accounts),
    el('td', { className: 'number' }, manager.keyAccounts),
    el('td', { className: 'number' }, manager.capacity ?? '–'),
    el('td', { className: 'number' }, utilisation(manager)),
    el('td', { className: 'number' }, money(manager.wonValue)),
  ]);
}

function utilisation({ utilisation: share, overCapacity }) {
  return overCapacity ? [percent(share), el('span', { className: 'flag' }, ' over')] : percent(share);
}

function drawChart(onManager) {
  const data = {
    labels: shown.map((manager) => manager.name),
    datasets: [
      {
        label: 'Accounts', data: shown.map((manager) => manager.accounts), order: 2,
        backgroundColor: shown.map((manager) => (manager.overCapacity ? COLORS.overCapacity : COLORS.accounts)),
        barPercentage: 0.9, categoryPercentage: 0.9,
      },
      {
        label: 'Key accounts', data: shown.map((manager) => manager.keyAccounts), backgroundColor: COLORS.keyAccounts, order: 2,
        barPercentage: 0.9, categoryPercentage: 0.9,
      },
      {
        // A tick across each manager's bars at their capacity; none without one.
        type: 'line', label: 'Capacity', data: shown.map((manager) => manager.capacity), order: 1, indexAxis: 'y',
        showLine: false, pointStyle: 'line', pointRadius: 9, pointRotation: 90, borderWidth: 3, borderColor: COLORS.capacity,
      },
    ],
  };
  byId('workloads-chart').parentElement.style.height = `${shown.length * ROW_HEIGHT_PX + 80}px`;
  if (chart) chart.destroy();
  chart = new Chart(byId('workloads-chart'), { type: 'bar', data, options: chartOptions(onManager) });
}

function largestFigure() {
  return Math.max(0, ...shown.flatMap((manager) => [manager.accounts, manager.capacity ?? 0]));
}

function chartOptions(onManager) {
  return {
    indexAxis: 'y',
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      // One step beyond the largest figure, so that a capacity marker at the end stays whole.
      x: { beginAtZero: true, position: 'top', ticks: { precision: 0 }, suggestedMax: largestFigure() + 1 },
      y: { ticks: { autoSkip: false, color: (tick) => (shown[tick.index]?.overCapacity ? COLORS.overCapacity : COLORS.ink) } },
    },
    plugins: { legend: { position: 'top' } },
    onClick: (_event, elements) => {
      if (elements.length > 0) onManager(shown[elements[0].index].managerId);
    },
    onHover: (event, elements) => {
      event.native.target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
    },
  };
}
