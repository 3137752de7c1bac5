import { DomainError } from '@ledger/decider';
import { formatAmount, isCurrencyCode, minorDigits, parseAmount } from './money';

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, code: error.code, field: error.field };
    throw error;
  }
  throw new Error('Expected a refusal');
};

describe('parseAmount', () => {
  it.each([
    ['1054', 'USD', 105400],
    ['1054.5', 'USD', 105450],
    ['1054.00', 'USD', 105400],
    ['0', 'USD', 0],
    ['0.01', 'USD', 1],
    ['1054', 'JPY', 1054],
    ['1.234', 'KWD', 1234],
  ])('reads %p %s as %p minor units', (decimal, currency, minor) => {
    expect(parseAmount(decimal, currency)).toBe(minor);
  });

  it.each(['-5', '1e3', '1,054.00', ' 1054', '1054.', '.5', '', 'abc', '+5', 'NaN', 'Infinity'])('refuses %p', (decimal) => {
    expect(refusal(() => parseAmount(decimal, 'USD'))).toEqual({ kind: 'invalid', code: 'amount-invalid', field: 'amount' });
  });

  it('refuses more fraction digits than the currency has', () => {
    expect(refusal(() => parseAmount('1054.001', 'USD'))).toEqual({ kind: 'invalid', code: 'amount-invalid', field: 'amount' });
  });

  it('refuses any fraction for a currency without minor units', () => {
    expect(refusal(() => parseAmount('1054.5', 'JPY'))).toEqual({ kind: 'invalid', code: 'amount-invalid', field: 'amount' });
  });

  it('accepts the largest safe number of minor units', () => {
    expect(parseAmount('90071992547409.91', 'USD')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses one minor unit more than the largest safe integer', () => {
    expect(refusal(() => parseAmount('90071992547409.92', 'USD'))).toEqual({ kind: 'invalid', code: 'amount-invalid', field: 'amount' });
  });

  it('names the field it was given', () => {
    expect(refusal(() => parseAmount('x', 'USD', 'expectedAmount'))).toEqual({
      kind: 'invalid',
      code: 'amount-invalid',
      field: 'expectedAmount',
    });
  });

  it('refuses an unknown currency', () => {
    expect(refusal(() => parseAmount('1', 'XYZ'))).toEqual({ kind: 'invalid', code: 'currency-invalid', field: 'currency' });
  });
});

describe('formatAmount', () => {
  it.each([
    [105400, 'USD', '1054.00'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [1054, 'JPY', '1054'],
    [1234, 'KWD', '1.234'],
    [-105450, 'USD', '-1054.50'],
  ])('writes %p %s as %p', (minor, currency, decimal) => {
    expect(formatAmount(minor, currency)).toBe(decimal);
  });

  it('round-trips with parseAmount', () => {
    expect(parseAmount(formatAmount(Number.MAX_SAFE_INTEGER, 'USD'), 'USD')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a fractional number of minor units', () => {
    expect(() => formatAmount(1.5, 'USD')).toThrow(RangeError);
  });
});

describe('isCurrencyCode', () => {
  it.each(['USD', 'EUR', 'JPY'])('accepts %p', (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each(['usd', 'US', 'USDX', 'XYZ', 42])('refuses %p', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });
});

describe('minorDigits', () => {
  it.each([
    ['USD', 2],
    ['JPY', 0],
    ['KWD', 3],
  ])('%s has %p', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });
});
