import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface QuarantineHealth {
  /** Records per reason, most frequent first. */
  reasons: Array<{ reason: string; count: number }>;
  files: number;
}

/**
 * Quarantined records by reason, from DATA_DIR/quarantine/*.jsonl (one JSON
 * line per refused record, written by the consumer). Part files never change
 * once published, so each is read once; a file that went away is forgotten.
 */
export class QuarantineHealthCollector {
  private readonly perFile = new Map<string, { size: number; counts: Map<string, number> }>();

  constructor(private readonly dir: string) {}

  poll(): QuarantineHealth {
    const names = listJsonl(this.dir);
    for (const known of this.perFile.keys()) if (!names.includes(known)) this.perFile.delete(known);
    for (const name of names) this.readIfNew(name);
    const totals = new Map<string, number>();
    for (const { counts } of this.perFile.values()) {
      for (const [reason, count] of counts) totals.set(reason, (totals.get(reason) ?? 0) + count);
    }
    const reasons = [...totals].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    return { reasons, files: this.perFile.size };
  }

  private readIfNew(name: string): void {
    const path = join(this.dir, name);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return;
    }
    if (this.perFile.get(name)?.size === size) return;
    const counts = new Map<string, number>();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const reason = reasonOf(line);
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    this.perFile.set(name, { size, counts });
  }
}

function reasonOf(line: string): string {
  try {
    const reason = (JSON.parse(line) as { reason?: unknown }).reason;
    return typeof reason === 'string' ? reason : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Published quarantine files only (temporary names are still being written). */
function listJsonl(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.jsonl') && !name.startsWith('.')).sort();
  } catch {
    return [];
  }
}
