import { apiGet, queryString } from './api.js';
import { byId, el } from './dom.js';

/** The filters as the analytics endpoints take them. */
export function readFilters() {
  return {
    from: byId('filter-from').value,
    to: byId('filter-to').value,
    groupBy: byId('filter-group-by').value,
    region: byId('filter-region').value.trim(),
    sector: byId('filter-sector').value.trim(),
  };
}

// Suggestions only (the inputs take any text): a directory larger than this is not read whole.
const MAX_PAGES = 4;

/** Offers the regions and sectors of the account directory as suggestions. */
export async function suggestRegionsAndSectors(key) {
  const regions = new Set();
  const sectors = new Set();
  let cursor;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await apiGet(`/accounts${queryString({ limit: 500, cursor })}`, key);
    for (const account of answer.items) {
      if (account.region) regions.add(account.region);
      if (account.sector) sectors.add(account.sector);
    }
    cursor = answer.next;
    if (!cursor) break;
  }
  fill(byId('regions'), regions);
  fill(byId('sectors'), sectors);
}

function fill(datalist, values) {
  datalist.replaceChildren(...[...values].sort().map((value) => el('option', { value })));
}
