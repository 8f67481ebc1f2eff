/** The stream's alert rules (out_of_range, spike, stuck, silent) as a stateful operator, their part files and their webhook. */
export { AlertRulesOperator } from './alertRulesOperator';
export type { PartitionAlerts } from './alertRulesOperator';
export { AlertOperator } from './alertOperator';
export type { SavedAlerts } from './alertOperator';
export { AlertDelivery } from './alertDelivery';
export { AlertWebhook } from './alertWebhook';
export type { WebhookCounts } from './alertWebhook';
export { readAlertFile } from './alertFile';
export type { AlertEventRow } from './alertEvent';
export { alertId } from './alertEvent';
export { defaultAlertSettings } from './settings';
export type { AlertSettings } from './settings';
