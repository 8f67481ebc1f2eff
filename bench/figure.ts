import { Logger } from '../lib/log';

/** One benchmark figure, as written to data/bench/results.json. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

export interface BenchContext {
  /** A running broker (started by bench/run.ts unless KAFKA_BROKERS is set). */
  brokers: string[];
  /** A scratch folder this benchmark may fill; removed afterwards. */
  scratchDir: string;
  cacheDir: string;
  /** A running PostgreSQL (ours), for ETL benchmarks. */
  postgresUrl?: string;
  logger: Logger;
}

/** Each bench/<stage>.ts exports one of these; bench/run.ts runs them in order. */
export type Benchmark = (context: BenchContext) => Promise<BenchFigure[]>;
