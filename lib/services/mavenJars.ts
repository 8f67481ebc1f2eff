import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { $ } from 'zx';

/** groupId:artifactId:version of one Maven Central artifact. */
export interface MavenArtifact {
  group: string;
  artifact: string;
  version: string;
}

/**
 * Resolves `artifacts` and their runtime dependencies from Maven Central with
 * `mvn` into `libs`, through a temporary folder renamed into place, so a
 * cut-off download is never used. Returns at once when `libs` already holds
 * a jar whose name starts with `readyPrefix`. `failure` turns mvn's last
 * lines into the caller's error.
 */
export async function ensureMavenJars(libs: string, artifacts: MavenArtifact[], readyPrefix: string, failure: (detail: string) => Error): Promise<boolean> {
  if (existsSync(libs) && readdirSync(libs).some((file) => file.startsWith(readyPrefix))) return false;
  const work = join(dirname(libs), `resolve-${process.pid}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'pom.xml'), pomOf(artifacts));
  try {
    await $({ cwd: work, quiet: true })`mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=${join(work, 'libs')}`;
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw failure(lastLines(error));
  }
  rmSync(libs, { recursive: true, force: true });
  renameSync(join(work, 'libs'), libs);
  rmSync(work, { recursive: true, force: true });
  return true;
}

/** mvn -q prints its errors on stdout, wrapped in colour codes. */
function lastLines(error: unknown): string {
  const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
  const text = `${stderr}\n${stdout}`.replace(/\x1b\[[0-9;]*m/g, '').trim() || String(error);
  return text.split('\n').filter((line) => line.trim() !== '' && line.trim() !== '[ERROR]').slice(0, 3).join('\n');
}

function pomOf(artifacts: MavenArtifact[]): string {
  const dependencies = artifacts.map(({ group, artifact, version }) =>
    `<dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>iot-pipeline</groupId>
  <artifactId>resolved-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    ${dependencies.join('\n    ')}
  </dependencies>
</project>
`;
}
