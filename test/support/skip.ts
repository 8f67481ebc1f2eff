import { test } from 'uvu';
import { skipLine } from './skipMarker';

/**
 * Registers a test that does not run here, and says why. Use it where a spec
 * needs something this machine may lack (a SQL Server, a service URL): the
 * run then ends with `N skipped` and the reason instead of a silent pass.
 */
export function skipTest(title: string, reason: string): void {
  test.skip(title, () => undefined);
  process.stdout.write(skipLine({ title, reason }));
}
