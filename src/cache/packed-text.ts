import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Text stored deflated, as base64 so that a segment record stays text. The index and the tip states
 * are JSON of repeated paths, names and hex ids: deflate keeps about half of it (a third of the index).
 * The fastest level: an `explain` after a new commit writes the index again, and the larger levels
 * save a few percent more at twice the time.
 */
export function packText(text: string): string {
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: constants.Z_BEST_SPEED }).toString('base64');
}

/** The text `packText` stored; null when the record does not inflate (written by another format, or damaged). */
export function unpackText(packed: string): string | null {
  try {
    return inflateRawSync(Buffer.from(packed, 'base64')).toString('utf8');
  } catch {
    return null;
  }
}
