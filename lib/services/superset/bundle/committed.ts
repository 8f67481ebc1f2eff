import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { supersetSourceDir } from '../paths';
import { zipArchive } from '../zip';
import { yamlOptions } from './files';

/** The bundle as committed in git: superset/bundle. */
export function committedBundleDir(): string {
  return join(supersetSourceDir(), 'bundle');
}

/** relative path → text of every YAML file under the committed bundle. */
export function readCommittedBundle(dir = committedBundleDir()): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.yaml')) files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/**
 * The zip Superset imports: the committed YAML under one root folder (the
 * importer strips it), with the database's real SQLAlchemy URI written in.
 */
export function bundleZip(sqlalchemyUri: string, files = readCommittedBundle()): Buffer {
  const zipped = new Map<string, string>();
  for (const [path, text] of files) {
    let content = text;
    if (path.startsWith('databases/')) {
      const document = parseDocument(text, yamlOptions);
      document.set('sqlalchemy_uri', sqlalchemyUri);
      content = document.toString(yamlOptions);
    }
    zipped.set(`iot_pipeline/${path}`, content);
  }
  return zipArchive(zipped);
}
