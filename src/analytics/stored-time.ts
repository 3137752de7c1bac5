/**
 * A time as the analytics read models store it: the UTC `toISOString()` form of the instant.
 * Effective dates and older events arrive as `2017-03-01` or `2017-03-01T10:00:00+02:00` too;
 * stored in one form, times compare correctly as text in every SQL dialect.
 * @throws RangeError for an unreadable time, which fails the event being applied.
 */
export function storedInstant(time: string): string {
  const instant = new Date(time);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${time} is not an ISO 8601 time.`);
  return instant.toISOString();
}
