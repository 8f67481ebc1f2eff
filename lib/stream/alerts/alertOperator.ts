import { SensorReading } from '../../schema';
import { eventTimeOf } from '../state';
import { AlertEventRow } from './alertEvent';
import { AlertRulesOperator, PartitionAlerts } from './alertRulesOperator';
import { AlertSettings } from './settings';

export interface SavedAlerts {
  watermark: number | null;
  maxEventTime: number | null;
  sensors: unknown;
}

/**
 * The alert rules over readings in memory, batch by batch, with the stream's
 * watermark rule (max event time seen − delay, never back; readings older
 * than the watermark in force are late): for notebooks and specs that show
 * the rules without Kafka. The stream runs the same operator in its state store.
 */
export class AlertOperator {
  private readonly operator: AlertRulesOperator;
  private readonly state: PartitionAlerts;
  private watermark = -Infinity;
  private maxEventTime = -Infinity;
  late = 0;

  constructor(settings: AlertSettings, private readonly watermarkDelayMs: number, saved?: SavedAlerts) {
    this.operator = new AlertRulesOperator(settings);
    this.state = saved === undefined ? this.operator.create() : this.operator.load(saved.sensors);
    this.watermark = saved?.watermark ?? -Infinity;
    this.maxEventTime = saved?.maxEventTime ?? -Infinity;
  }

  observe(reading: SensorReading): void {
    const at = eventTimeOf(reading.timestamp);
    if (Number.isNaN(at)) return;
    if (at < this.watermark) {
      this.late++;
      return;
    }
    if (at > this.maxEventTime) this.maxEventTime = at;
    this.operator.add(this.state, reading, at);
  }

  /** Moves the watermark and returns the batch's events (raises and clears, in the order they happened). */
  endBatch(): AlertEventRow[] {
    this.watermark = Math.max(this.watermark, this.maxEventTime - this.watermarkDelayMs);
    const events: AlertEventRow[] = [];
    this.operator.advance(this.state, this.watermark, (row) => events.push(row as unknown as AlertEventRow));
    return events;
  }

  get currentWatermark(): number | null {
    return Number.isFinite(this.watermark) ? this.watermark : null;
  }

  /** The rules' state with the watermark, as plain data: a new AlertOperator given it continues exactly. */
  saved(): SavedAlerts {
    const finite = (value: number) => (Number.isFinite(value) ? value : null);
    return JSON.parse(JSON.stringify({ watermark: finite(this.watermark), maxEventTime: finite(this.maxEventTime), sensors: this.operator.save(this.state) }));
  }
}
