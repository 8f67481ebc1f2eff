import { createHash } from 'node:crypto';
import { AlertEvent, AlertRule } from '../../schema/streamOutputs';

/** One row of an alert part file: the columns of lib/schema's alertEventColumns. */
export interface AlertEventRow {
  alert_id: string;
  event: AlertEvent;
  sensor_id: number;
  rule: AlertRule;
  raised_at: string;
  cleared_at: string | null;
  value: number | null;
  detail: string;
}

/** An alert while it is raised: what its clear repeats. */
export interface OpenAlert {
  id: string;
  raisedAt: string;
  value: number | null;
}

/** Sensor, rule and event time of the raise: the same on every redo and replay, so a loader or webhook receiver can key on it. */
export function alertId(sensorId: number, rule: AlertRule, raisedAt: string): string {
  return createHash('sha256').update(`${sensorId}|${rule}|${raisedAt}`).digest('hex').slice(0, 24);
}

export function raiseEvent(sensorId: number, rule: AlertRule, raisedAt: string, value: number | null, detail: string): { open: OpenAlert; row: AlertEventRow } {
  const id = alertId(sensorId, rule, raisedAt);
  return {
    open: { id, raisedAt, value },
    row: { alert_id: id, event: 'raised', sensor_id: sensorId, rule, raised_at: raisedAt, cleared_at: null, value, detail },
  };
}

export function clearEvent(sensorId: number, rule: AlertRule, open: OpenAlert, clearedAt: string, detail: string): AlertEventRow {
  return { alert_id: open.id, event: 'cleared', sensor_id: sensorId, rule, raised_at: open.raisedAt, cleared_at: clearedAt, value: open.value, detail };
}
