import { assertPlainName, numberPlaceholders, upsertStatements } from './postgres-sql';

describe('numberPlaceholders', () => {
  it('numbers `?` placeholders from $1 in order', () => {
    expect(numberPlaceholders('SELECT * FROM t WHERE a = ? AND b > ? LIMIT ?')).toBe('SELECT * FROM t WHERE a = $1 AND b > $2 LIMIT $3');
  });

  it('leaves a `?` inside a string literal, escaped quotes included', () => {
    expect(numberPlaceholders(`SELECT 'it''s ?' AS q WHERE a = ?`)).toBe(`SELECT 'it''s ?' AS q WHERE a = $1`);
  });

  it('leaves a `?` inside a quoted identifier', () => {
    expect(numberPlaceholders('SELECT "why?" FROM t WHERE a = ?')).toBe('SELECT "why?" FROM t WHERE a = $1');
  });

  it('leaves a `?` inside comments', () => {
    expect(numberPlaceholders('SELECT 1 -- what?\nWHERE a = ? /* or? */ AND b = ?')).toBe('SELECT 1 -- what?\nWHERE a = $1 /* or? */ AND b = $2');
  });
});

describe('upsertStatements', () => {
  const spec = { name: 't', columns: { id: 'text', n: 'integer' }, primaryKey: ['id'] } as const;

  it('writes many rows in one statement, updating the non-key columns on conflict', () => {
    expect(upsertStatements('t', spec, [{ id: 'a', n: 1 }, { id: 'b' }])).toEqual([
      {
        text: 'INSERT INTO "t" ("id", "n") VALUES ($1, $2), ($3, $4) ON CONFLICT ("id") DO UPDATE SET "n" = EXCLUDED."n"',
        values: ['a', 1, 'b', null],
      },
    ]);
  });

  it('splits rows so that no statement binds more than 60,000 parameters', () => {
    const rows = Array.from({ length: 70_000 }, (_, index) => ({ id: `r${index}`, n: index }));
    expect(upsertStatements('t', spec, rows).map((statement) => statement.values.length)).toEqual([60_000, 60_000, 20_000]);
  });
});

describe('assertPlainName', () => {
  it('refuses a schema name that would need quoting', () => {
    expect(() => assertPlainName('ledger; DROP', 'The PostgreSQL schema')).toThrow('The PostgreSQL schema must be 1 to 63 lowercase letters');
  });
});
