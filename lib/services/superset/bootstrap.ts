import { DatabaseUrl } from '../../config';
import { connectDatabase } from '../../db';
import { ServiceError } from '../../errors';
import { Logger } from '../../log';
import { waitFor } from '../../process';
import { bundleZip } from './bundle/committed';
import { dashboardSlug } from './bundle/dashboard';
import { LoginRefused, SupersetClient } from './client';
import { SupersetRuntime } from './runtime';

export interface BootstrapOptions {
  baseUrl: string;
  admin: { username: string; password: string };
  /** The pipeline's database (DATABASE_URL) ... */
  database: DatabaseUrl;
  /** ... and the same as Superset reaches it (lib/services/superset/sqlalchemyUri.ts). */
  sqlalchemyUri: string;
}

const serverStartTimeoutMs = 180_000;

/**
 * Brings Superset up and applies the dashboard; every step is idempotent, so
 * this runs again on a running Superset after the bundle or DATABASE_URL
 * changed. Resolves with the dashboard's URL.
 */
export async function bootstrapSuperset(runtime: SupersetRuntime, options: BootstrapOptions, logger: Logger): Promise<string> {
  // The container is where the CLI runs; natively, the server starts on an upgraded metadata DB.
  if (runtime.mode === 'docker') await runtime.start();
  await prepareMetadata(runtime, options, logger);
  await runtime.start();
  if (!(await waitForServer(options.baseUrl))) throw didNotStart(runtime, options.baseUrl);
  const client = await adminClient(runtime, options, logger);
  await ensurePipelineTables(options.database, logger);
  return importBundle(client, options.sqlalchemyUri, logger);
}

function didNotStart(runtime: SupersetRuntime, baseUrl: string): ServiceError {
  return new ServiceError(`Superset did not answer at ${baseUrl}/health. Last log lines:\n${runtime.logTail()}`, {
    code: 'SUPERSET_START_FAILED', retriable: false,
    hint: 'Is SUPERSET_PORT taken by another program? Run `npx iot services down superset`, then `up` again.',
  });
}

/** Schema, roles and admin: Superset's own CLI, safe to repeat (each step checks what exists). */
export async function prepareMetadata(runtime: SupersetRuntime, options: BootstrapOptions, logger: Logger): Promise<void> {
  logger.info('superset.db.upgrade');
  await runtime.superset(['db', 'upgrade']);
  const { username, password } = options.admin;
  const created = await runtime.superset([
    'fab', 'create-admin', '--username', username, '--firstname', 'Superset', '--lastname', 'Admin', '--email', `${username}@localhost`, '--password', password,
  ]);
  logger.info('superset.admin', { username, created: !/already exists/i.test(created) });
  logger.info('superset.init');
  await runtime.superset(['init']);
}

/**
 * The pipeline's tables, created if the ETL has not run yet (the same
 * idempotent migrations the ETL applies): the dashboard then shows empty
 * charts on a fresh setup instead of "no such table" errors.
 */
export async function ensurePipelineTables(database: DatabaseUrl, logger: Logger): Promise<void> {
  const db = await connectDatabase(database, logger);
  try {
    const applied = await db.migrate();
    if (applied > 0) logger.info('superset.pipeline.tables.created', { database: db.address, migrations: applied });
  } finally {
    await db.close();
  }
}

/** Polls /health until Superset's web server answers. */
export async function waitForServer(baseUrl: string, timeoutMs = serverStartTimeoutMs, signal?: AbortSignal): Promise<boolean> {
  return waitFor(async () => {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
    return response.ok && (await response.text()).trim() === 'OK';
  }, { timeoutMs, intervalMs: 1_000, signal });
}

/**
 * Logs in as the admin; an admin created earlier with another password (the
 * setting changed) gets the configured one, so the login we print works.
 */
export async function adminClient(runtime: SupersetRuntime, options: BootstrapOptions, logger: Logger): Promise<SupersetClient> {
  const { username, password } = options.admin;
  try {
    return await SupersetClient.login(options.baseUrl, username, password);
  } catch (error) {
    if (!(error instanceof LoginRefused)) throw error;
    logger.info('superset.admin.password.reset', { username });
    await runtime.superset(['fab', 'reset-password', '--username', username, '--password', password]);
    return SupersetClient.login(options.baseUrl, username, password);
  }
}

/** Registers the database and imports datasets, charts and dashboard; objects are matched by UUID, so repeats overwrite. */
export async function importBundle(client: SupersetClient, sqlalchemyUri: string, logger: Logger): Promise<string> {
  const form = new FormData();
  form.append('bundle', new Blob([bundleZip(sqlalchemyUri)], { type: 'application/zip' }), 'iot_pipeline.zip');
  form.append('overwrite', 'true');
  await client.postForm('/api/v1/assets/import/', form);
  const url = `${client.baseUrl}/superset/dashboard/${dashboardSlug}/`;
  logger.info('superset.bundle.imported', { dashboard: url });
  return url;
}
