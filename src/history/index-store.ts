import { readNewestSegment, replaceSegment } from '../cache/newest-segment.js';
import { INDEX_FORMAT, metricRecord, type IndexData } from './index-model.js';

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

/** The stored index, or null when the record is missing or not an index (a checksum only proves the bytes are as written). */
function parseIndex(raw: string | undefined): IndexData | null {
  if (raw === undefined) return null;
  try {
    const data = JSON.parse(raw) as Partial<IndexData> | null;
    const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!isRecord(data) || data?.formatVersion !== INDEX_FORMAT || !isRecord(data.events) || !isRecord(data.tips)) return null;
    const columns = [data.commits, data.parents, data.setOf, data.flags];
    if (!columns.every(Array.isArray) || !columns.every((c) => c?.length === data.commits?.length)) return null;
    return Array.isArray(data.defs) && Array.isArray(data.sets) ? (data as IndexData) : null;
  } catch {
    return null;
  }
}

/** Writes a new index file atomically, then removes older ones (a concurrent writer's newer file survives). */
export function saveIndex(dir: string, data: IndexData): void {
  replaceSegment(dir, PREFIX, data.fingerprint, [['index', JSON.stringify(data)]]);
}
