import { Config, configFields } from '../../config';

/** What the alert rules need to know: the rule part of ALERT_* (lib/config), whose defaults are quiet on the simulated sensors. */
export type AlertSettings = Omit<Config['alerts'], 'webhookUrl' | 'webhookQueue'>;

/** The declared defaults, for library callers and specs that set nothing. */
export const defaultAlertSettings: AlertSettings = {
  spikeSigmas: configFields.ALERT_SPIKE_SIGMAS.default!,
  spikeMinDelta: configFields.ALERT_SPIKE_MIN_DELTA.default!,
  spikeHistory: configFields.ALERT_SPIKE_HISTORY.default!,
  stuckReadings: configFields.ALERT_STUCK_READINGS.default!,
  silentSeconds: configFields.ALERT_SILENT_SECONDS.default!,
  clearReadings: configFields.ALERT_CLEAR_READINGS.default!,
};
