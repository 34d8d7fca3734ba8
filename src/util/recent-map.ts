/** `map.get` that marks the entry as the most recently used (a `Map` iterates in insertion order). */
export function getRecent<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

/** `map.set` that first forgets the oldest entry when the map already holds `limit`. */
export function setRecent<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  if (map.size >= limit) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
