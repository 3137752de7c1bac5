import { exceedsDepth } from './json-depth';

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe('exceedsDepth', () => {
  it('accepts a flat object', () => {
    expect(exceedsDepth({ name: 'Acme', employees: 3 }, 2)).toBe(false);
  });

  it('accepts nesting exactly at the limit', () => {
    expect(exceedsDepth(nested(3), 3)).toBe(false);
  });

  it('refuses nesting one level past the limit', () => {
    expect(exceedsDepth(nested(4), 3)).toBe(true);
  });

  it('counts arrays as levels', () => {
    expect(exceedsDepth({ list: [[[1]]] }, 3)).toBe(true);
  });

  it('measures 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(exceedsDepth(deep, 32)).toBe(true);
  });

  it('treats scalars and null as depth 0', () => {
    expect([exceedsDepth(null, 0), exceedsDepth('text', 0), exceedsDepth(undefined, 0)]).toEqual([false, false, false]);
  });
});
