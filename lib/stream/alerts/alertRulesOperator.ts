import { SensorReading } from '../../schema';
import { alertEventColumns } from '../../schema/streamOutputs';
import { OperatorOutput, OutputRow, StatefulOperator } from '../state';
import { AlertEventRow } from './alertEvent';
import { AlertSettings } from './settings';
import { applyReading, newSensorState, SensorAlertState, silentOnWatermark } from './sensorRules';

/** A partition's alert state: its sensors' rule memory, and the events of the batch under way until the batch ends. */
export interface PartitionAlerts {
  sensors: Record<string, SensorAlertState>;
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
    return { sensors: {}, pending: [] };
  }

  add(state: PartitionAlerts, reading: SensorReading, eventTime: number): void {
    const sensor = (state.sensors[reading.sensor_id] ??= newSensorState());
    applyReading(sensor, reading, eventTime, this.settings, state.pending);
  }

  advance(state: PartitionAlerts, watermark: number, emit: (row: OutputRow) => void): boolean {
    if (Number.isFinite(watermark)) {
      for (const id in state.sensors) silentOnWatermark(state.sensors[id], Number(id), watermark, this.settings, state.pending);
    }
    if (state.pending.length === 0) return false;
    for (const event of state.pending) emit(event as unknown as OutputRow);
    state.pending = [];
    return true;
  }

  save(state: PartitionAlerts): unknown {
    return state.sensors;
  }

  load(saved: unknown): PartitionAlerts {
    return { sensors: saved as Record<string, SensorAlertState>, pending: [] };
  }
}
