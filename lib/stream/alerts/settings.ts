/** What the alert rules need to know; from lib/config (ALERT_*), defaults quiet on the simulated sensors. */
export interface AlertSettings {
  /** spike: a value further than this many standard deviations from the sensor's recent mean… */
  spikeSigmas: number;
  /** …and further than this in the value's own unit (°C, % points): a quiet sensor's σ is tiny. */
  spikeMinDelta: number;
  /** spike: how many of the sensor's last readings make its mean and σ (the history kept per sensor). */
  spikeHistory: number;
  /** stuck: this many readings in a row with the same temperature and humidity. */
  stuckReadings: number;
  /** silent: this many seconds of event time without a reading from a sensor. */
  silentSeconds: number;
  /** out_of_range and spike clear after this many good readings in a row. */
  clearReadings: number;
}

export const defaultAlertSettings: AlertSettings = {
  spikeSigmas: 6,
  spikeMinDelta: 25,
  spikeHistory: 60,
  stuckReadings: 10,
  silentSeconds: 60,
  clearReadings: 3,
};
