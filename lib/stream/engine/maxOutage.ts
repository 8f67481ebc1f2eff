/** --max-outage: long enough for a rolling restart of a cluster or a broker's restart. A leaf module: `iot consume --help` shows it without loading Kafka. */
export const defaultMaxOutageSeconds = 300;
