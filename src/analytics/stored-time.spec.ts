import { storedInstant } from './stored-time';

describe('storedInstant', () => {
  it('keeps a UTC time in its toISOString form', () => {
    expect(storedInstant('2017-03-01T10:00:00.000Z')).toBe('2017-03-01T10:00:00.000Z');
  });

  it('stores a date alone as its UTC midnight', () => {
    expect(storedInstant('2017-03-01')).toBe('2017-03-01T00:00:00.000Z');
  });

  it('stores a time with an offset as the same instant in UTC', () => {
    expect(storedInstant('2017-03-01T10:00:00+02:00')).toBe('2017-03-01T08:00:00.000Z');
  });

  it('refuses what is not a time', () => {
    expect(() => storedInstant('next Tuesday')).toThrow(new RangeError('next Tuesday is not an ISO 8601 time.'));
  });
});
