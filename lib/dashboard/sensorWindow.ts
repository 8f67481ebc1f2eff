import { checkRules, RuleName } from '../schema';

/** How far back the rolling chart and the spike statistics look. */
export const windowMs = 5 * 60_000;
/** A spike is a value further than this many standard deviations from the sensor's window mean. */
export const spikeDeviations = 4;
/** Fewer points than this say too little about a sensor's spread to call anything a spike. */
const minimumPointsForSpikes = 20;

/** What makes a reading stand out (an ETL rule it breaks, or a spike); the page marks it where it appears. */
export type Mark = RuleName | 'temperature_spike' | 'humidity_spike';

export interface LiveReading {
  sensorId: number;
  temperature: number;
  humidity: number;
  /** The reading's own timestamp text, as the sensor sent it. */
  timestamp: string;
  /** Kafka's record timestamp (ms): the chart's time axis, finer than the reading's seconds. */
  time: number;
  partition: number;
  offset: string;
}

export interface MarkedReading extends LiveReading {
  marks: Mark[];
}

/**
 * Values of one quantity over the window with running sums, so mean and
 * standard deviation cost O(1) per reading even at 1,000 readings/s. Sums are
 * kept relative to the first value (less cancellation) and rebuilt now and then
 * so rounding cannot drift over days.
 */
class RollingStats {
  private times: number[] = [];
  private values: number[] = [];
  private head = 0;
  private sum = 0;
  private sumSquares = 0;
  private shift: number | undefined;
  private evictions = 0;

  get count(): number {
    return this.values.length - this.head;
  }

  /** Mean and standard deviation of the values in the window. */
  stats(): { mean: number; deviation: number } {
    const n = this.count;
    if (n === 0) return { mean: 0, deviation: 0 };
    const mean = this.sum / n;
    const variance = Math.max(0, this.sumSquares / n - mean * mean);
    return { mean: mean + (this.shift ?? 0), deviation: Math.sqrt(variance) };
  }

  add(time: number, value: number): void {
    this.shift ??= value;
    const shifted = value - this.shift;
    this.times.push(time);
    this.values.push(value);
    this.sum += shifted;
    this.sumSquares += shifted * shifted;
  }

  evictBefore(time: number): void {
    while (this.head < this.times.length && this.times[this.head] < time) {
      const shifted = this.values[this.head] - this.shift!;
      this.sum -= shifted;
      this.sumSquares -= shifted * shifted;
      this.head++;
      this.evictions++;
    }
    if (this.head > 4096 && this.head * 2 > this.times.length) this.compact();
    if (this.evictions > 100_000) this.rebuild();
  }

  private compact(): void {
    this.times = this.times.slice(this.head);
    this.values = this.values.slice(this.head);
    this.head = 0;
  }

  private rebuild(): void {
    this.compact();
    this.evictions = 0;
    this.shift = this.values[0];
    this.sum = 0;
    this.sumSquares = 0;
    for (const value of this.values) {
      const shifted = value - (this.shift ?? 0);
      this.sum += shifted;
      this.sumSquares += shifted * shifted;
    }
  }
}

/**
 * One sensor's last five minutes: judges each new reading against the schema's
 * ranges (lib/schema rules) and against the window before it (spikes), then
 * adds it. Out-of-range values stay out of the statistics: they are invalid
 * readings, not the sensor's spread.
 */
export class SensorWindow {
  private readonly temperature = new RollingStats();
  private readonly humidity = new RollingStats();

  add(reading: LiveReading): Mark[] {
    const cutoff = reading.time - windowMs;
    this.temperature.evictBefore(cutoff);
    this.humidity.evictBefore(cutoff);
    const violations = checkRules({ sensor_id: reading.sensorId, temperature: reading.temperature, humidity: reading.humidity, timestamp: reading.timestamp });
    const marks: Mark[] = violations.map((violation) => violation.rule);
    for (const quantity of ['temperature', 'humidity'] as const) {
      if (violations.some((violation) => violation.column === quantity || violation.rule === 'missing_value')) continue;
      if (this.isSpike(this[quantity], reading[quantity])) marks.push(`${quantity}_spike`);
      this[quantity].add(reading.time, reading[quantity]);
    }
    return marks;
  }

  /** Readings in the window (of temperature; humidity has the same unless one was out of range). */
  get points(): number {
    return this.temperature.count;
  }

  private isSpike(stats: RollingStats, value: number): boolean {
    if (stats.count < minimumPointsForSpikes) return false;
    const { mean, deviation } = stats.stats();
    return deviation > 1e-9 && Math.abs(value - mean) > spikeDeviations * deviation;
  }
}
