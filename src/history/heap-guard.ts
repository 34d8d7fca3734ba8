import v8 from 'node:v8';
import vm from 'node:vm';

/** Above this share of V8's heap limit, after a full collection, the run stops before V8 kills it. */
const SHARE_OF_LIMIT = 0.85;

let collect: (() => void) | null | undefined;

/** A full garbage collection, when the runtime lets us ask for one. */
function collectGarbage(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/**
 * Tells a long walk when the heap is nearly exhausted, so that it can save its progress and stop with
 * one line instead of dying in V8's out-of-memory abort. `PROVENANCE_HEAP_LIMIT_MB` lowers the limit
 * (it cannot raise V8's own).
 */
export class HeapGuard {
  readonly limitBytes: number;

  constructor(env: Readonly<Record<string, string | undefined>> = {}) {
    const v8Limit = v8.getHeapStatistics().heap_size_limit * SHARE_OF_LIMIT;
    const configured = Number(env['PROVENANCE_HEAP_LIMIT_MB']);
    this.limitBytes = Number.isFinite(configured) && configured > 0 ? Math.min(v8Limit, configured * 1024 * 1024) : v8Limit;
  }

  /** The heap in use; collects first when it looks too high, so garbage does not stop a run. */
  used(): number {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < this.limitBytes) return used;
    collectGarbage();
    return v8.getHeapStatistics().used_heap_size;
  }

  exhausted(): boolean {
    return this.used() >= this.limitBytes;
  }

  /** The heap in use after the last collection asked for here. */
  private live = 0;

  /**
   * A long walk allocates far more than it keeps, and V8 lets the heap grow to several times what is
   * live before collecting. Collecting when the heap holds much more than was live last time keeps
   * the process near what it needs, at the price of a full collection now and then.
   */
  keepCompact(): void {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < this.live * COMPACT_GROWTH + COMPACT_SLACK_BYTES) return;
    collectGarbage();
    this.live = v8.getHeapStatistics().used_heap_size;
  }
}

/** A collection is asked for when the heap in use reaches this multiple of what was live, plus the slack. */
const COMPACT_GROWTH = 1.5;
const COMPACT_SLACK_BYTES = 48 << 20;

/** How far V8 lets the old generation grow past what survived its last full collection, in percent. */
const HEAP_GROWING_PERCENT = 20;
let growthLowered = false;

/**
 * For a run that extracts the start-up facts of a whole tree (a cold `startup`): V8 sizes the heap
 * for throughput and lets it reach several times what is live. Growing it by a fifth instead cut cold
 * `startup` on greptimedb from about 367 to 328 MB at the same time. Not for a cold `list` (it peaks
 * near 220 MB anyway, and was 4% slower) nor for a history walk (greptimedb's peak fell by 80 MB, but
 * tikv's walk, with a larger live heap, was a fifth slower). The flag is read afresh at each collection.
 */
export function keepHeapGrowthLow(): void {
  if (growthLowered) return;
  growthLowered = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
