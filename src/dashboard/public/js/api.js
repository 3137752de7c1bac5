/** A refused or failed call, with the problem+json the service answered when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** GET a JSON answer of the service with the key as a Bearer token. */
export async function apiGet(path, key) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** `?a=1&b=2` from the entries whose value is not empty. */
export function queryString(params) {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries)}`;
}

/** A message for a refusal that says what to do about it. */
export function explain(error, what) {
  if (!(error instanceof ApiError)) return `${what}: ${error.message}`;
  if (error.status === 401) return `${what}: the service does not know this key.`;
  if (error.status === 403) return `${what}: this key's role may not read it.`;
  if (error.status === 429) return `${what}: too many requests with this key; try again in a minute.`;
  return `${what}: ${error.message} (HTTP ${error.status}).`;
}
