// The keys live in sessionStorage: this tab only, gone when it closes, never in a cookie or a URL.
const ANALYST = 'ledger.dashboard.analystKey';
const AUDITOR = 'ledger.dashboard.auditorKey';

export function readKeys() {
  return { analyst: sessionStorage.getItem(ANALYST) ?? '', auditor: sessionStorage.getItem(AUDITOR) ?? '' };
}

export function saveKeys({ analyst, auditor }) {
  sessionStorage.setItem(ANALYST, analyst);
  if (auditor) sessionStorage.setItem(AUDITOR, auditor);
  else sessionStorage.removeItem(AUDITOR);
}

export function forgetKeys() {
  sessionStorage.removeItem(ANALYST);
  sessionStorage.removeItem(AUDITOR);
}

/** History needs an auditor (or admin) key; without one, the analyst key is tried and refused. */
export function historyKey(keys) {
  return keys.auditor || keys.analyst;
}
