import { storedInstant } from './stored-time';

describe('storedInstant', () => {
  it('keeps a UTC time in its toISOString form', () => {
    expect(storedInstant('2017-03-01T10:00:00.000Z')).toBe('2017-03-01T10:00:00.000Z');
  });

  it('reads a day past the 28th as Date does: a leap day kept, a 30th of February rolled into March', () => {
    expect([storedInstant('2016-02-29T10:00:00.000Z'), storedInstant('2017-02-30T10:00:00.000Z'), storedInstant('2017-01-31T23:59:59.999Z')])
      .toEqual(['2016-02-29T10:00:00.000Z', '2017-03-02T10:00:00.000Z', '2017-01-31T23:59:59.999Z']);
  });

  it('reads hour 24 as the next midnight, as Date does', () => {
    expect(storedInstant('2017-02-28T24:00:00.000Z')).toBe('2017-03-01T00:00:00.000Z');
  });

  it('stores a date alone as its UTC midnight', () => {
    expect(storedInstant('2017-03-01')).toBe('2017-03-01T00:00:00.000Z');
  });

  it('stores a time with an offset as the same instant in UTC', () => {
    expect(storedInstant('2017-03-01T10:00:00+02:00')).toBe('2017-03-01T08:00:00.000Z');
  });

  it('refuses a time in the stored form that names no instant', () => {
    expect(() => storedInstant('2017-02-28T23:60:00.000Z')).toThrow(RangeError);
  });

  it('refuses what is not a time', () => {
    expect(() => storedInstant('next Tuesday')).toThrow(new RangeError('next Tuesday is not an ISO 8601 time.'));
  });
});
