import { readNewestSegment, replaceSegment } from '../cache/newest-segment.js';
import { CacheWriteError } from '../cache/segment-file.js';
import { packText, unpackText } from '../cache/packed-text.js';
import { INDEX_FORMAT, metricRecord, type IndexData } from './index-model.js';
import { decodeDefinitions, encodeDefinitions, type StoredDefinition } from './definition-deltas.js';
import { decodeSetDeltas, encodeSetDeltas } from './set-deltas.js';

const PREFIX = 'index';

export interface LoadedIndex {
  readonly data: IndexData | null;
  readonly warnings: readonly string[];
}

/** The newest intact index file; corrupt ones are reported, removed, and the index is rebuilt from the blob cache. */
export function loadIndex(dir: string, fingerprint: string): LoadedIndex {
  const loaded = readNewestSegment(dir, PREFIX, fingerprint, { file: 'index', invalid: 'not an index' }, (records) => parseIndex(records.get('index')));
  return { data: loaded.value ? { ...loaded.value, events: metricRecord(loaded.value.events) } : null, warnings: loaded.warnings };
}

/** The index as stored: the sets and the definitions as differences (see set-deltas.ts, definition-deltas.ts). */
type StoredIndex = Omit<IndexData, 'sets' | 'defs'> & { readonly setDeltas: number[][]; readonly defs: StoredDefinition[] };

/** The stored index, or null when the record is missing or not an index (a checksum only proves the bytes are as written). */
function parseIndex(packed: string | undefined): IndexData | null {
  const raw = packed === undefined ? null : unpackText(packed);
  if (raw === null) return null;
  try {
    const stored = JSON.parse(raw) as Partial<StoredIndex> | null;
    const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!isRecord(stored) || stored?.formatVersion !== INDEX_FORMAT || !isRecord(stored.events) || !isRecord(stored.tips) || !isRecord(stored.summaries)) return null;
    const columns = [stored.commits, stored.parents, stored.setOf, stored.flags];
    if (!columns.every(Array.isArray) || !columns.every((c) => c?.length === stored.commits?.length)) return null;
    if (!Array.isArray(stored.defs) || !Array.isArray(stored.setDeltas) || !stored.setDeltas.every(Array.isArray)) return null;
    const { setDeltas, defs, ...rest } = stored as StoredIndex;
    return { ...rest, sets: decodeSetDeltas(setDeltas), defs: decodeDefinitions(defs) };
  } catch {
    return null;
  }
}

/** Writes a new index file atomically, then removes older ones (a concurrent writer's newer file survives). */
/** Saves the index; when the cache cannot be written (see CacheWriteError) the run goes on without it. */
export function saveIndex(dir: string, data: IndexData): void {
  const { sets, defs, ...rest } = data;
  const stored: StoredIndex = { ...rest, setDeltas: encodeSetDeltas(sets), defs: encodeDefinitions(defs) };
  try {
    replaceSegment(dir, PREFIX, data.fingerprint, [['index', packText(JSON.stringify(stored))]]);
  } catch (error) {
    if (!(error instanceof CacheWriteError)) throw error;
  }
}
