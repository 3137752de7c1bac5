import { apiGet, explain } from './api.js';
import { byId, el, replaceRows } from './dom.js';
import { dateTime, duration } from './format.js';

const REFRESH_MS = 10_000;
let timer;

/** Shows, in the corner, how far the read models have got through the log; refreshed every 10 s. */
export function watchFreshness(key) {
  stopWatchingFreshness();
  const refresh = () => showFreshness(key).catch(() => undefined);
  refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

export function stopWatchingFreshness() {
  clearInterval(timer);
  const corner = byId('freshness');
  corner.dataset.state = 'unknown';
  byId('freshness-summary').textContent = 'Freshness: enter a key';
  replaceRows(byId('freshness-table'), []);
}

async function showFreshness(key) {
  const corner = byId('freshness');
  let report;
  try {
    report = await apiGet('/analytics/freshness', key);
  } catch (error) {
    corner.dataset.state = 'unknown';
    byId('freshness-summary').textContent = explain(error, 'Freshness');
    return;
  }
  const state = stateOf(report.readModels);
  corner.dataset.state = state;
  corner.dataset.head = report.head ?? '';
  byId('freshness-summary').textContent = summary(state, report);
  replaceRows(byId('freshness-table'), report.readModels.map(row));
}

function stateOf(readModels) {
  if (readModels.some((model) => model.status === 'failed')) return 'failed';
  return readModels.every((model) => model.lagEvents === 0) ? 'fresh' : 'behind';
}

function summary(state, report) {
  if (state === 'fresh') return `Up to date · last event ${dateTime(report.headRecordedAt)}`;
  // The stalest read model bounds what the page's figures include.
  const [asOf] = report.readModels.map((model) => model.checkpointRecordedAt).filter(Boolean).sort();
  const lag = Math.max(...report.readModels.map((model) => model.lagEvents));
  const lagMs = Math.max(...report.readModels.map((model) => model.lagMs));
  const prefix = state === 'failed' ? 'A read model has stopped: figures may be old' : `Behind by ${lag} events (${duration(lagMs)})`;
  return `${prefix} · figures as of ${dateTime(asOf)}`;
}

function row(model) {
  const lag = model.lagEvents === 0 ? 'none' : `${model.lagEvents}${model.lagEventsCapped ? '+' : ''} events, ${duration(model.lagMs)}`;
  return el('tr', { dataset: { name: model.name, checkpoint: model.checkpoint ?? '', head: model.head ?? '', lagEvents: model.lagEvents } }, [
    el('td', {}, model.name),
    el('td', { className: `status ${model.status}` }, model.status),
    el('td', {}, `${model.checkpoint ?? '–'} / ${model.head ?? '–'}`),
    el('td', {}, lag),
    el('td', {}, dateTime(model.checkpointRecordedAt)),
  ]);
}
