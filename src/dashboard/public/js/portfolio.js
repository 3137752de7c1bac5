import { apiGet, explain } from './api.js';
import { byId, el, replaceRows, show } from './dom.js';

/** The accounts a manager holds now (`GET /managers/{id}`); each opens its history. */
export async function showPortfolio(key, managerId) {
  const section = byId('portfolio-section');
  show(section);
  show(byId('history-section'), false);
  let manager;
  try {
    manager = await apiGet(`/managers/${encodeURIComponent(managerId)}`, key);
  } catch (error) {
    byId('portfolio-title').textContent = explain(error, `Portfolio of ${managerId}`);
    replaceRows(byId('portfolio-table'), []);
    return;
  }
  section.dataset.managerId = manager.managerId;
  byId('portfolio-title').textContent = `Portfolio of ${manager.name} · ${manager.portfolio.length} accounts`;
  replaceRows(byId('portfolio-table'), manager.portfolio.map(accountRow));
  section.scrollIntoView({ block: 'start' });
}

function accountRow(account) {
  return el('tr', { className: account.tier === 'key' ? 'key-account' : undefined, dataset: { accountId: account.accountId, tier: account.tier } }, [
    el('td', {}, el('button', { type: 'button', className: 'link', dataset: { accountId: account.accountId } }, account.name)),
    el('td', {}, account.sector ?? '–'),
    el('td', {}, account.region ?? '–'),
    el('td', {}, account.country ?? '–'),
    el('td', {}, account.tier === 'key' ? el('span', { className: 'badge' }, 'key') : 'standard'),
  ]);
}
