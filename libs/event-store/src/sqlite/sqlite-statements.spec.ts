import { SqliteRecordedEvent } from './sqlite-statements';

const row = (): ConstructorParameters<typeof SqliteRecordedEvent>[0] => [
  42n,
  'account-a1',
  3n,
  'e-1',
  'AccountOpened',
  '{"accountId":"a1","name":"Acme"}',
  '{"correlationId":"c-1","actor":{"role":"service"}}',
  '2026-12-06T10:00:00.000Z',
];

describe('SqliteRecordedEvent', () => {
  it('reads the columns of the row into the event', () => {
    const event = new SqliteRecordedEvent(row());
    expect([event.id, event.type, event.data, event.stream, event.revision, event.position]).toEqual([
      'e-1', 'AccountOpened', { accountId: 'a1', name: 'Acme' }, 'account-a1', 3, 42n,
    ]);
  });

  it('parses the metadata and the recording time when first asked, then keeps them', () => {
    const event = new SqliteRecordedEvent(row());
    expect(event.metadata).toEqual({ correlationId: 'c-1', actor: { role: 'service' } });
    expect(event.metadata).toBe(event.metadata);
    expect(event.recordedAt.toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(event.recordedAt).toBe(event.recordedAt);
  });

  it('gives a plain event with every property its own, for a spread or a deep comparison', () => {
    const plain = new SqliteRecordedEvent(row()).toPlain();
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain).toEqual({
      id: 'e-1',
      type: 'AccountOpened',
      data: { accountId: 'a1', name: 'Acme' },
      metadata: { correlationId: 'c-1', actor: { role: 'service' } },
      stream: 'account-a1',
      revision: 3,
      position: 42n,
      recordedAt: new Date('2026-12-06T10:00:00.000Z'),
    });
  });

  it('serialises as the plain event does, metadata and time included', () => {
    const event = new SqliteRecordedEvent(row());
    const withoutPosition = (value: object) => JSON.parse(JSON.stringify(value, (key, cell) => (key === 'position' ? String(cell) : cell)));
    expect(withoutPosition(event)).toEqual(withoutPosition(event.toPlain()));
    expect(withoutPosition(event).metadata).toEqual({ correlationId: 'c-1', actor: { role: 'service' } });
  });
});
