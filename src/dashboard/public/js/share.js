import { apiGet, queryString } from './api.js';
import { COLORS } from './colors.js';
import { byId, el, replaceRows } from './dom.js';
import { compactMoney, money, percent, useCurrency } from './format.js';

let chart;

/** Won value and key-account won value per period (bars, left axis) and the key share (line, right axis). */
export async function showKeyAccountShare(key, filters) {
  const answer = await apiGet(`/analytics/key-account-share${queryString(filters)}`, key);
  useCurrency(answer.currency);
  showTotal(answer);
  drawChart(answer);
  replaceRows(byId('share-table'), answer.periods.map(periodRow));
  return answer;
}

function showTotal({ total, periods }) {
  const line = byId('share-total');
  Object.assign(line.dataset, { wonValue: total.wonValue, keyWonValue: total.keyWonValue, share: total.share });
  line.textContent = periods.length === 0
    ? 'No won deals in this range.'
    : `Over the range: ${money(total.wonValue)} won, ${money(total.keyWonValue)} on key accounts, a key share of ${percent(total.share)}.`;
}

function periodRow(period) {
  const dataset = { period: period.period, wonValue: period.wonValue, keyWonValue: period.keyWonValue, share: period.share };
  return el('tr', { dataset }, [
    el('td', {}, period.period),
    el('td', { className: 'number' }, money(period.wonValue)),
    el('td', { className: 'number' }, money(period.keyWonValue)),
    el('td', { className: 'number' }, percent(period.share)),
  ]);
}

function drawChart({ periods }) {
  const data = {
    labels: periods.map((period) => period.period),
    datasets: [
      { label: 'Won value', data: periods.map((period) => Number(period.wonValue)), backgroundColor: COLORS.won, yAxisID: 'money', order: 2 },
      { label: 'Key-account won value', data: periods.map((period) => Number(period.keyWonValue)), backgroundColor: COLORS.keyWon, yAxisID: 'money', order: 2 },
      {
        type: 'line', label: 'Key share', data: periods.map((period) => period.share), yAxisID: 'share', order: 1,
        borderColor: COLORS.share, backgroundColor: COLORS.share, borderWidth: 2, pointRadius: 3,
      },
    ],
  };
  if (chart) {
    chart.data = data;
    chart.update();
    return;
  }
  chart = new Chart(byId('share-chart'), { type: 'bar', data, options: chartOptions() });
}

function chartOptions() {
  return {
    // Drawn at once: screenshots and tests see the final picture.
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      money: { position: 'left', beginAtZero: true, ticks: { callback: (value) => compactMoney(value) }, title: { display: true, text: 'won value' } },
      share: {
        // From 0, up to a little above the highest share: a share of a few percent stays readable.
        position: 'right', min: 0, suggestedMax: 0.1, grace: '10%', grid: { drawOnChartArea: false },
        ticks: { callback: (value) => `${Math.round(value * 100)} %` }, title: { display: true, text: 'key share' },
      },
    },
    plugins: {
      legend: { position: 'top' },
      tooltip: {
        callbacks: { label: (item) => `${item.dataset.label}: ${item.dataset.yAxisID === 'share' ? percent(item.raw) : money(item.raw)}` },
      },
    },
  };
}
