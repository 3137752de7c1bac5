import { correctSpelling, idFromName, parseDay, productKey, usdAmount, usdFromMillions, wholeNumber } from './normalise';

describe('cell rules of the import', () => {
  it.each([
    ['Dustin Brinkmann', 'dustin-brinkmann'],
    ['Gekko & Co', 'gekko-co'],
    ['Mei-Mei Johns', 'mei-mei-johns'],
    ['dambase', 'dambase'],
    ['  Zoë  Müller ', 'zoe-muller'],
  ])('derives the id of %j as %j', (name, id) => {
    expect(idFromName(name, 'account')).toBe(id);
  });

  it('refuses a name that gives no usable id', () => {
    expect(() => idFromName('???', 'account')).toThrow('account "???" gives no usable id (1 to 64 of A-Za-z0-9._-)');
  });

  it('corrects only the misspellings it knows', () => {
    expect([correctSpelling('sector', 'technolgy'), correctSpelling('sector', 'retail'), correctSpelling('office_location', 'Philipines')]).toEqual([
      'technology',
      'retail',
      'Philippines',
    ]);
  });

  it('matches product names without spaces or case', () => {
    expect(productKey('GTXPro')).toBe(productKey('GTX Pro'));
  });

  it('reads a day as a UTC timestamp, and an empty cell as none', () => {
    expect([parseDay('2017-03-01', 'close_date'), parseDay('', 'close_date')]).toEqual(['2017-03-01T00:00:00.000Z', null]);
  });

  it.each(['2017-02-30', '2017-13-01', '01/03/2017', '2017-3-1'])('refuses %j as a date', (value) => {
    expect(() => parseDay(value, 'engage_date')).toThrow(`engage_date "${value}" is not a date (YYYY-MM-DD)`);
  });

  it.each([
    ['1054', '1054.00'],
    ['1054.5', '1054.50'],
    ['0', '0.00'],
  ])('reads the amount %j as %j', (value, amount) => {
    expect(usdAmount(value, 'close_value')).toBe(amount);
  });

  it.each(['12abc', '-5', '1.234', '1e3', ''])('refuses %j as an amount', (value) => {
    expect(() => usdAmount(value, 'close_value')).toThrow(`close_value "${value}" is not an amount in USD`);
  });

  it('turns millions of USD into USD without rounding', () => {
    expect([usdFromMillions('1100.04', 'revenue'), usdFromMillions('4.54', 'revenue'), usdFromMillions('4618', 'revenue')]).toEqual([
      '1100040000.00',
      '4540000.00',
      '4618000000.00',
    ]);
  });

  it('reads whole numbers only', () => {
    expect(wholeNumber('2822', 'employees')).toBe(2822);
    expect(() => wholeNumber('28.5', 'employees')).toThrow('employees "28.5" is not a whole number');
  });
});
