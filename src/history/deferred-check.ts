import { createHash } from 'node:crypto';

/**
 * How a tree's deferred files were settled, stored with a ref tip's state: a digest of the needed
 * names they were all checked against (the key of `needsOfTree`) and the deferred paths that joined
 * the tree. A later run that resolves a child of the tip rebuilds the tip's view from this instead
 * of reading every deferred blob again to learn the same.
 */
export interface DeferredCheck {
  readonly names: string;
  readonly joined: readonly string[];
}

/** Equal for equal sets of names, whatever their order. */
export function namesDigest(names: ReadonlySet<string>): string {
  return createHash('sha256').update([...names].sort().join('\0')).digest('hex').slice(0, 32);
}

export function isDeferredCheck(value: unknown): value is DeferredCheck {
  if (typeof value !== 'object' || value === null) return false;
  const { names, joined } = value as Partial<DeferredCheck>;
  return typeof names === 'string' && Array.isArray(joined) && joined.every((p) => typeof p === 'string');
}
