/**
 * A UTC time already in the `toISOString()` form, and one `new Date` keeps as it is: a day of the
 * month past 28 is left to `Date`, which rolls `02-30` over into March.
 */
const STORED_FORM = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * A time as the analytics read models store it: the UTC `toISOString()` form of the instant.
 * Effective dates and older events arrive as `2017-03-01` or `2017-03-01T10:00:00+02:00` too;
 * stored in one form, times compare correctly as text in every SQL dialect.
 * @throws RangeError for an unreadable time, which fails the event being applied.
 */
export function storedInstant(time: string): string {
  // Most times arrive in the stored form (the API writes them so): checking it is a third of the
  // cost of parsing and printing the time, which a rebuild does for every deal it reads.
  if (STORED_FORM.test(time)) return time;
  const instant = new Date(time);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${time} is not an ISO 8601 time.`);
  return instant.toISOString();
}
