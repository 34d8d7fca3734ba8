import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { readSegment, writeSegment } from '../cache/segment-file.js';
import type { IndexData } from './index-model.js';

const PREFIX = 'index';

export interface LoadedIndex {
  readonly data: IndexData | null;
  readonly warnings: readonly string[];
}

/** The newest intact index file; corrupt ones are reported, removed, and the index is rebuilt from the blob cache. */
export function loadIndex(dir: string, fingerprint: string): LoadedIndex {
  const warnings: string[] = [];
  const files = readdirSync(dir)
    .filter((n) => n.startsWith(`${PREFIX}-`) && n.endsWith('.seg'))
    .map((n) => ({ file: path.join(dir, n), mtime: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of files) {
    const segment = readSegment(file, fingerprint);
    if (segment.kind === 'other-fingerprint') continue;
    if (segment.kind === 'corrupt') {
      warnings.push(`index file ${path.basename(file)} is corrupt (${segment.reason}); discarded and rebuilt`);
      rmSync(file, { force: true });
      continue;
    }
    const raw = segment.records.get('index');
    if (raw === undefined) continue;
    return { data: JSON.parse(raw) as IndexData, warnings };
  }
  return { data: null, warnings };
}

/** Writes a new index file atomically, then removes older ones (a concurrent writer's newer file survives). */
export function saveIndex(dir: string, data: IndexData): void {
  const written = writeSegment(dir, PREFIX, data.fingerprint, [['index', JSON.stringify(data)]]);
  const mine = statSync(written).mtimeMs;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === written || !name.startsWith(`${PREFIX}-`) || !name.endsWith('.seg')) continue;
    try {
      if (statSync(file).mtimeMs <= mine) rmSync(file, { force: true });
    } catch {
      // Already removed by a concurrent run.
    }
  }
}
