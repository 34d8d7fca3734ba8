/**
 * Maps that cache facts about the nodes and views of the blob being extracted, emptied when its
 * extraction ends. They are plain maps: WeakMaps (V8 treats every entry as an ephemeron) made
 * garbage collection a fifth of the extractor's time, and no entry is any use to the next blob.
 */
const maps: Map<unknown, unknown>[] = [];

export function blobScopedMap<K, V>(): Map<K, V> {
  const map = new Map<K, V>();
  maps.push(map as Map<unknown, unknown>);
  return map;
}

/** Forgets every cached fact, and with them the trees of the blob. */
export function clearBlobScopedMaps(): void {
  for (const map of maps) map.clear();
}
