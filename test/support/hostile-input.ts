import fc from 'fast-check';

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD), so any string fits in a path or query. */
export const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** Printable ASCII: what any header value may carry. */
const headerText = (maxLength: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${maxLength}}$`));

/** Date-like strings that parsers disagree on: ISO 8601 forms Date cannot read, impossible days, extreme years, junk. */
export const hostileDates: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2017-03-01', '2017-03-01T10:00:00Z', '2017-03-01T10:00:00.123+02:00', '2017-W01-1', '2017-W52', '2017-001', '20170301',
    '2017-03-01T10', '2017-03-01T24:00', '2017-03-01T10:00,5', '2017-13-01', '2017-02-30', '2016-12-31T23:59:60Z',
    '+275760-09-13', '+275760-09-14T00:00:00Z', '-000001-01-01', '-2017-01-01', '+2017-03-01', '0000-01-01',
    '9999-12-31T23:59:59-23:59', '2017-03-01T10:00:00+25:00', '2017-03-01T10:00:00.1234567890123Z', '2017-03-01 10:00',
    'now', '', ' ', '0', '1e308', 'NaN', 'Infinity', '２０１７-03-01', '2017-03-01T10:00:00Z\u0000',
  ),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.integer().map(String),
);

/** Strings of every kind: any code point (lone surrogates too), injection and formula payloads, the empty and the huge. */
export const hostileStrings: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 70 }),
  fc.constantFrom(
    '', ' ', 'null', 'undefined', '__proto__', 'constructor', '../../etc/passwd', "'; DROP TABLE events;--", '<script>x</script>',
    '=cmd|" /C calc"!A0', '\u0000', '\uFEFF', '\uD800', 'x'.repeat(10_000), '1'.repeat(400), '-1', '1e400', '0x10', '١٢٣',
    '1054.00', '1054.001', '99999999999999999.99', 'USD', 'usd', 'EUR', 'won', 'lost', 'account_manager',
  ),
);

const hostileNumbers = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, -(2 ** 53), 1e308, 100_000_001, 0.5));

export const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  hostileStrings,
  hostileDates,
  hostileNumbers,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

const MALFORMED_BODIES = [
  '', '{', '{"a":', 'null', '[]', '"x"', '42', '{"a":1}{"b":2}', '{"a":1,}', "{'a':1}", '\uFEFF{}', '{"name":"\\ud800"}',
  `{"name":"${'x'.repeat(70_000)}"}`, `${'['.repeat(200)}${']'.repeat(200)}`, `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`,
  '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}',
];

/** Fields that carry a business time: dates go there more often, where parsers disagree most. */
const TIME_FIELDS = new Set(['effectiveFrom', 'openedAt', 'closedAt']);

/**
 * Request bodies as sent: a valid body with one field made hostile (so it reaches the deciders),
 * a valid body with a hostile date, the known fields (and a few others) with hostile values, any
 * JSON, or text that is not JSON.
 */
export function hostileBodies(base: Record<string, unknown>, fields: readonly string[]): fc.Arbitrary<string> {
  const known = fc.constantFrom(...fields, '__proto__', 'constructor', 'unknownField');
  const times = fields.filter((field) => TIME_FIELDS.has(field));
  const withOne = (field: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>) =>
    fc.tuple(field, value).map(([name, hostile]) => JSON.stringify({ ...base, [name]: hostile }));
  return fc.oneof(
    { weight: 4, arbitrary: withOne(known, hostileValues) },
    { weight: times.length > 0 ? 3 : 0, arbitrary: withOne(fc.constantFrom(...(times.length > 0 ? times : ['x'])), hostileDates) },
    { weight: 3, arbitrary: fc.dictionary(known, hostileValues, { maxKeys: 6 }).map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_BODIES) },
  );
}

/** Drawn often: an ordinary value, or the header left out. Hostile values come one time in five. */
const mostlyOrdinary = (ordinary: fc.Arbitrary<string | undefined>, hostile: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: ordinary }, { weight: 1, arbitrary: hostile });

/**
 * Headers a command may carry, mostly ordinary (so that bodies are read and decided on), else
 * hostile: keys too long or empty, If-Match that is not a revision, media types that are not JSON.
 */
export const commandHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record({
    'idempotency-key': mostlyOrdinary(fc.option(fc.uuid(), { nil: undefined }), headerText(300)),
    'if-match': mostlyOrdinary(fc.constant(undefined), fc.oneof(
      fc.constantFrom('"0"', '"1"', '*', 'W/"1"', '"abc"', '"99999999999999999999"', '', '"1", "2"', '"-1"', '1'), headerText(40))),
    'x-correlation-id': mostlyOrdinary(fc.option(fc.uuid(), { nil: undefined }), headerText(200)),
    'content-type': mostlyOrdinary(fc.constantFrom('application/json', 'application/json; charset=utf-8'), fc.constantFrom(
      'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
      'application/merge-patch+json', '', 'json', '*/*', 'application/json; charset=utf-16')),
    accept: mostlyOrdinary(fc.constant(undefined), acceptHeaders()),
  })
  .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>);

export function acceptHeaders(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('application/json', 'text/csv', '*/*', 'application/xml', 'text/html', 'application/problem+json', 'text/csv;q=0.1, application/json', ''),
    headerText(60),
  );
}

/** Ids for a path: mostly known ones (so requests go deep), else unknown, malformed, encoded or traversing. */
export function pathIds(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%00', '%ZZ', '%', 'a'.repeat(65), 'a'.repeat(3000), '%F0%9F%92%A9', '%C0%AF',
        '%ff', '__proto__', 'constructor', '%20', '%2F', 'a%2Fb', '%E2%80%AE', '~', "!$&'()*+,;=:@"),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(percentEncode) },
  );
}

/** A query string over the endpoint's parameters and a few others; minPosition stays at or below the head (see the spec). */
export function queryStrings(params: readonly string[]): fc.Arbitrary<string> {
  const value = fc.oneof(hostileDates, hostileStrings, fc.integer().map(String));
  const pair = fc.oneof(
    fc.tuple(fc.constantFrom(...params, '__proto__', 'constructor', 'x'), value),
    fc.tuple(fc.constant('minPosition'), fc.constantFrom('0', '1', '', '-1', 'abc', '1.5', '0x10', '١')),
  );
  const raw = fc.constantFrom('limit', 'limit=', '&&', '=x', '%', 'a[b]=1', 'limit=1&limit=2', 'from=2017-01-01&from=2018-01-01');
  return fc.oneof(
    { weight: 5, arbitrary: fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')) },
    { weight: 1, arbitrary: raw },
  );
}
