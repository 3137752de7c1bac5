import { ThroughputMeter } from './throughput-meter';

describe('ThroughputMeter', () => {
  let now: number;
  let meter: ThroughputMeter;

  beforeEach(() => {
    now = 1_000_000;
    meter = new ThroughputMeter(10_000, () => now);
  });

  it('says 0 before anything is recorded', () => {
    expect(meter.perSecond()).toBe(0);
  });

  it('divides by at least a second, so a first batch does not read as a burst', () => {
    meter.record(500);
    now += 100;
    expect(meter.perSecond()).toBe(500);
  });

  it('divides the events in the window by the time since the oldest of them', () => {
    meter.record(1000);
    now += 2000;
    meter.record(1000);
    now += 2000;
    expect(meter.perSecond()).toBe(500);
  });

  it('forgets what is older than the window', () => {
    meter.record(9000);
    now += 9000;
    meter.record(100);
    now += 2000;
    expect(meter.perSecond()).toBe(50);
  });

  it('says 0 once every sample has left the window', () => {
    meter.record(100);
    now += 10_001;
    expect(meter.perSecond()).toBe(0);
  });

  it('keeps counting right over many samples, as under load (a batch every 5 ms for a minute)', () => {
    for (let batch = 0; batch < 12_000; batch++) {
      meter.record(5);
      now += 5;
    }
    // The window holds the last 1,999 batches of 5 events, the oldest 9,995 ms ago: 1,000 a second.
    expect(meter.perSecond()).toBe(1000);
  });
});
