import { Config, loadConfig, redactUrl } from '../config';
import { createLogger, Logger } from '../log';
import { repoRoot } from './jupyter';

/**
 * The pipeline's config as the CLI sees it. The kernel runs in notebooks/,
 * so relative settings (DATA_DIR=data, .env) resolve against the repository
 * root, not the notebook folder. `overrides` replace environment settings
 * (a notebook with a data folder of its own).
 */
export function notebookConfig(overrides: Record<string, string> = {}): Config {
  return Object.keys(overrides).length === 0 ? loadConfig({ cwd: repoRoot }) : loadConfig({ cwd: repoRoot, env: { ...process.env, ...overrides } });
}

/**
 * Errors only by default: a notebook's outputs are its results (the stages'
 * summaries say what their warnings would), not its logs; NOTEBOOK_LOG_LEVEL=info for more.
 */
export function notebookLogger(component: string, config: Config = notebookConfig()): Logger {
  return createLogger({ component: `notebook.${component}`, level: config.notebook.logLevel, format: config.log.format });
}

/** How long a stage runs in a notebook: `fallback`, or NOTEBOOK_SECONDS when set (`make notebooks` sets it). */
export function runSeconds(fallback: number, config: Config = notebookConfig()): number {
  return config.notebook.seconds > 0 ? config.notebook.seconds : fallback;
}

/** The settings a notebook uses, as rows for a table; the database URL without its password. */
export function configRows(config: Config, names: ReadonlyArray<'brokers' | 'topic' | 'data' | 'output' | 'backup' | 'quarantine' | 'database'>): Array<{ setting: string; value: string }> {
  const values = {
    brokers: (config.kafka.brokers ?? [`127.0.0.1:${config.kafka.port} (our own broker)`]).join(','),
    topic: config.kafka.topic,
    data: config.paths.data,
    output: config.paths.output,
    backup: config.paths.backup,
    quarantine: config.paths.quarantine,
    database: redactUrl(config.database.url),
  };
  return names.map((name) => ({ setting: name, value: values[name] }));
}
