let currency = 'USD';

/** The reporting currency, as the service answers it with each figure. */
export function useCurrency(code) {
  currency = code;
}

/** A decimal string of the API (`"1054.00"`) as money; the string itself stays in the data attributes. */
export function money(decimal) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2 }).format(Number(decimal));
}

export function compactMoney(value) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function percent(share) {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)} %`;
}

/** `2017-03-14` for a business date (midnight UTC), else `2017-03-14 10:02:03 UTC`. */
export function dateTime(iso) {
  if (!iso) return '–';
  if (/T00:00:00(\.0+)?Z$/.test(iso)) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function duration(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
