import { UsageError } from '../errors.js';
import { mergeBase, resolveCommit, type Repository } from './repo.js';
import { runGitRaw } from './run-git.js';

/**
 * `A B` and `A..B` compare A with B; `A...B` compares the merge-base of A and B with B, as `git diff` does.
 * In every form the commits "in the range" are those reachable from B and not from A.
 */
export type RangeOperator = 'pair' | 'two-dot' | 'three-dot';

export interface RangeEnd {
  /** As the user typed it (`HEAD` for an omitted side of `A..`). */
  readonly ref: string;
  readonly commit: string;
}

export interface RevisionRange {
  readonly operator: RangeOperator;
  /** The revision the user named on the left. */
  readonly base: RangeEnd;
  readonly head: RangeEnd;
  /** What head is compared with: `base`, or for `A...B` their merge-base. */
  readonly compareFrom: string;
  readonly mergeBase: string | null;
  /** `base..head`, `base...head`, or `base head`, for headings. */
  readonly text: string;
}

export interface RangeSplit {
  readonly base: string;
  readonly head: string;
  readonly operator: 'two-dot' | 'three-dot';
}

/**
 * Every way to read `spec` as `A..B` or `A...B`, most likely first: three dots before two, leftmost
 * first. Ref names cannot contain `..`, but revision expressions such as `main^{/fix..}` can, so
 * the caller keeps the first split whose both sides resolve. An empty side means HEAD, as in git.
 */
export function rangeSplits(spec: string): RangeSplit[] {
  const splits: RangeSplit[] = [];
  const at = (operator: RangeSplit['operator'], index: number, width: number): void => {
    splits.push({ base: spec.slice(0, index) || 'HEAD', head: spec.slice(index + width) || 'HEAD', operator });
  };
  for (let i = spec.indexOf('...'); i >= 0; i = spec.indexOf('...', i + 1)) at('three-dot', i, 3);
  for (let i = spec.indexOf('..'); i >= 0; i = spec.indexOf('..', i + 1)) {
    // `..` inside `...` is not a two-dot operator; `....` is neither.
    if (spec[i + 2] === '.' || spec[i - 1] === '.') continue;
    at('two-dot', i, 2);
  }
  return splits;
}

/** Resolves `<base> <head>`, `<base>..<head>` or `<base>...<head>` (one or two arguments). */
export async function resolveRevisionRange(repo: Repository, args: readonly string[]): Promise<RevisionRange> {
  const [first, second, ...rest] = args;
  if (first === undefined || rest.length > 0) {
    throw new UsageError(`expected <base> <head>, <base>..<head> or <base>...<head>, got ${args.length} arguments`);
  }
  if (second !== undefined) {
    const base = await resolveCommit(repo, first);
    const head = await resolveCommit(repo, second);
    return range('pair', { ref: first, commit: base }, { ref: second, commit: head }, base, null);
  }
  const splits = rangeSplits(first);
  for (const split of splits) {
    const base = await tryResolve(repo, split.base);
    const head = base === null ? null : await tryResolve(repo, split.head);
    if (base === null || head === null) continue;
    const baseEnd = { ref: split.base, commit: base };
    const headEnd = { ref: split.head, commit: head };
    if (split.operator === 'two-dot') return range('two-dot', baseEnd, headEnd, base, null);
    const common = await mergeBase(repo, base, head);
    if (common === null) throw new UsageError(`${first}: ${split.base} and ${split.head} have no merge base`);
    return range('three-dot', baseEnd, headEnd, common, common);
  }
  const [likely] = splits;
  if (likely === undefined || (await tryResolve(repo, first)) !== null) {
    // A single revision is not a range; say so only if it is a real revision, else report the unknown ref.
    await resolveCommit(repo, first);
    throw new UsageError(`'${first}' is one revision; give two (<base> <head>) or a range (<base>..<head>, <base>...<head>)`);
  }
  // No reading resolves: report the first unknown side of the most likely one, with suggestions.
  await resolveCommit(repo, likely.base);
  await resolveCommit(repo, likely.head);
  throw new UsageError(`cannot read '${first}' as a revision range`);
}

function range(operator: RangeOperator, base: RangeEnd, head: RangeEnd, compareFrom: string, common: string | null): RevisionRange {
  const text = operator === 'pair' ? `${base.ref} ${head.ref}` : `${base.ref}${operator === 'two-dot' ? '..' : '...'}${head.ref}`;
  return { operator, base, head, compareFrom, mergeBase: common, text };
}

async function tryResolve(repo: Repository, ref: string): Promise<string | null> {
  const result = await runGitRaw(repo.dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  const oid = result.stdout.toString('utf8').trim();
  return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(oid) ? oid : null;
}
