import { ApiError, apiGet, explain, queryString } from './api.js';
import { byId, show } from './dom.js';
import { readFilters, suggestRegionsAndSectors } from './filters.js';
import { stopWatchingFreshness, watchFreshness } from './freshness.js';
import { showHistory } from './history.js';
import { forgetKeys, historyKey, readKeys, saveKeys } from './keys.js';
import { showPortfolio } from './portfolio.js';
import { showKeyAccountShare } from './share.js';
import { showWorkloads } from './workloads.js';

let keys = readKeys();

function showError(message) {
  byId('error').textContent = message ?? '';
  show(byId('error'), Boolean(message));
}

/** Loads both charts for the current filters; `data-query` tells a reader which filters they show. */
async function refresh() {
  const filters = readFilters();
  document.body.dataset.state = 'loading';
  showError();
  try {
    await Promise.all([showKeyAccountShare(keys.analyst, filters), refreshWorkloads(filters)]);
    byId('share-section').dataset.query = queryString(filters);
    document.body.dataset.state = 'ready';
  } catch (error) {
    document.body.dataset.state = 'error';
    showError(error instanceof ApiError && error.status === 403
      ? 'The figures need an analyst (or admin) key: this key may not read them.'
      : explain(error, 'The figures could not be loaded'));
  }
}

async function refreshWorkloads(filters = readFilters()) {
  const groupBy = byId('workloads-group-by').value;
  await showWorkloads(keys.analyst, filters, groupBy, (managerId) => showPortfolio(keys.analyst, managerId));
  byId('workloads-section').dataset.groupBy = groupBy;
}

function start() {
  show(byId('content'));
  byId('key-status').textContent = keys.auditor
    ? 'Using an analyst key and an auditor key (account history) for this tab.'
    : 'Using an analyst key for this tab. Account history needs an auditor key.';
  watchFreshness(keys.analyst);
  suggestRegionsAndSectors(keys.analyst).catch(() => undefined);
  return refresh();
}

async function useKeys(event) {
  event.preventDefault();
  // An empty field keeps the key already in use: an auditor key can be added later.
  const entered = {
    analyst: byId('analyst-key').value.trim() || keys.analyst,
    auditor: byId('auditor-key').value.trim() || keys.auditor,
  };
  if (!entered.analyst) return showError('Enter an analyst (or admin) key to see the figures.');
  try {
    // Any read model role may read freshness: a key the service does not know is refused here.
    await apiGet('/analytics/freshness', entered.analyst);
  } catch (error) {
    return showError(explain(error, 'This key was not accepted'));
  }
  saveKeys(entered);
  keys = readKeys();
  byId('key-form').reset();
  await start();
}

function forget() {
  forgetKeys();
  keys = readKeys();
  stopWatchingFreshness();
  show(byId('content'), false);
  byId('key-status').textContent = 'Keys forgotten. Enter a key to see the figures.';
}

function onClick(selector, handler) {
  return (event) => {
    const target = event.target.closest(selector);
    if (target) handler(target);
  };
}

byId('key-form').addEventListener('submit', useKeys);
byId('forget-keys').addEventListener('click', forget);
byId('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  refresh();
});
byId('workloads-group-by').addEventListener('change', () => refreshWorkloads().catch((error) => showError(explain(error, 'Workloads'))));
byId('workloads-table').addEventListener('click', onClick('button[data-manager-id]', (button) => showPortfolio(keys.analyst, button.dataset.managerId)));
byId('portfolio-table').addEventListener('click', onClick('button[data-account-id]', (button) => showHistory(historyKey(keys), button.dataset.accountId, button.textContent)));

if (keys.analyst) start();
