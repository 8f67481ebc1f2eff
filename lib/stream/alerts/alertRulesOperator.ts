import { SensorReading } from '../../schema';
import { alertEventColumns } from '../../schema/streamOutputs';
import { OperatorOutput, OutputRow, StatefulOperator } from '../state';
import { AlertEventRow } from './alertEvent';
import { AlertSettings } from './settings';
import { applyReading, SensorRef, silentOnWatermark } from './sensorRules';
import { SensorAlertState, SensorTable } from './sensorTable';

/** A partition's alert state: its sensors' rule memory, and the events of the batch under way until the batch ends. */
export interface PartitionAlerts {
  table: SensorTable;
  /** The sensor the rules look at, moved from reading to reading rather than made anew for each. */
  sensor: SensorRef;
  pending: AlertEventRow[];
}

/**
 * The alert rules as a stateful operator of the stream (state/operator.ts):
 * each on-time reading runs the four rules of its sensor in partition order;
 * after the batch, the watermark finds silent sensors, and the batch's raises
 * and clears are emitted as rows of output/alerts/. Late readings never get
 * here, so rules, like windows, see only what the watermark still admits.
 */
export class AlertRulesOperator implements StatefulOperator<PartitionAlerts> {
  readonly name = 'alerts';
  readonly output: OperatorOutput = { kind: 'alert', folder: 'alerts', columns: alertEventColumns };

  constructor(private readonly settings: AlertSettings) {}

  create(): PartitionAlerts {
    return partitionAlerts(new SensorTable(this.settings.spikeHistory));
  }

  add(state: PartitionAlerts, reading: SensorReading, eventTime: number): void {
    const sensor = state.sensor;
    sensor.slot = state.table.slotOf(reading.sensor_id);
    sensor.sensorId = reading.sensor_id;
    applyReading(sensor, reading, eventTime, this.settings, state.pending);
  }

  advance(state: PartitionAlerts, watermark: number, emit: (row: OutputRow) => void): boolean {
    if (Number.isFinite(watermark)) {
      const sensor = state.sensor;
      // By sensor id, as the rules always ran here: the same rows in the same order on every redo and replay.
      for (const [id, slot] of state.table.bySensorId()) {
        sensor.slot = slot;
        sensor.sensorId = id;
        silentOnWatermark(sensor, watermark, this.settings, state.pending);
      }
    }
    if (state.pending.length === 0) return false;
    for (const event of state.pending) emit(event as unknown as OutputRow);
    state.pending = [];
    return true;
  }

  /** Sensors in the order they first reported, as plain data (the saved form of every earlier version). */
  save(state: PartitionAlerts): unknown {
    return state.table.toSaved();
  }

  load(saved: unknown): PartitionAlerts {
    return partitionAlerts(SensorTable.fromSaved(saved as Record<string, SensorAlertState>, this.settings.spikeHistory));
  }
}

function partitionAlerts(table: SensorTable): PartitionAlerts {
  return { table, sensor: { table, slot: 0, sensorId: 0 }, pending: [] };
}
