import { ApiError, apiGet, explain, queryString } from './api.js';
import { byId, el, replaceRows, show } from './dom.js';
import { dateTime } from './format.js';

const PAGE_SIZE = 500;
// An account with more events than this shows its first ones; the audit export has them all.
const MAX_PAGES = 10;

/** Every event of an account and of its deals (`GET /accounts/{id}/history`): auditors' and admins' only. */
export async function showHistory(key, accountId, accountName = accountId) {
  const section = byId('history-section');
  const message = byId('history-message');
  show(section);
  section.dataset.accountId = accountId;
  byId('history-title').textContent = `History of ${accountName}`;
  replaceRows(byId('history-table'), []);
  show(message, false);
  try {
    const events = await allEvents(key, accountId);
    byId('history-title').textContent = `History of ${accountName} · ${events.length} events`;
    replaceRows(byId('history-table'), events.map(eventRow));
  } catch (error) {
    message.textContent = error instanceof ApiError && error.status === 403
      ? 'The history needs an auditor key (or an admin key): enter one under "Auditor key" above. An analyst key may not read it.'
      : explain(error, 'History');
    message.dataset.status = error instanceof ApiError ? error.status : '';
    show(message);
  }
  section.scrollIntoView({ block: 'start' });
}

async function allEvents(key, accountId) {
  const events = [];
  let after;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await apiGet(`/accounts/${encodeURIComponent(accountId)}/history${queryString({ limit: PAGE_SIZE, after })}`, key);
    events.push(...page.items);
    after = page.next;
    if (!after) break;
  }
  return events;
}

function eventRow(event) {
  return el('tr', { dataset: { position: event.position, type: event.type } }, [
    el('td', { className: 'number' }, event.position),
    el('td', {}, event.type),
    el('td', {}, dateTime(event.occurredAt)),
    el('td', {}, dateTime(event.recordedAt)),
    el('td', {}, actorOf(event.metadata.actor)),
    el('td', { className: 'details' }, details(event.data)),
  ]);
}

function actorOf(actor) {
  if (actor === null || actor === undefined) return '–';
  return typeof actor === 'object' ? Object.values(actor).join(' · ') : String(actor);
}

/** The event's own fields, without those every event has and those left empty. */
function details(data) {
  const shown = Object.entries(data).filter(([name, value]) => value !== null && !['occurredAt', 'accountId'].includes(name));
  return shown.map(([name, value]) => `${name}: ${typeof value === 'object' ? JSON.stringify(value) : value}`).join(', ');
}
