export { startDashboard } from './dashboard';
export type { DashboardOptions, RunningDashboard } from './dashboard';
export { dashboardGroup } from './readingFeed';
export { contentSecurityPolicy } from './server';
export { windowMs, spikeDeviations, SensorWindow } from './sensorWindow';
export type { LiveReading, Mark } from './sensorWindow';
export type { Snapshot, Update, ChartPoint } from './liveState';
