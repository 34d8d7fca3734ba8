import { UsageError } from '../errors.js';
import type { AnalysisContext } from './analysis-context.js';
import { shortRefName } from '../git/repo.js';
import { historyFingerprint } from './index-model.js';
import { IndexView } from './index-queries.js';
import { HeapGuard } from './heap-guard.js';
import { updateIndex, type IndexOptions } from './provenance-index.js';
import type { IndexStats } from './index-run.js';
import { runGitRaw } from '../git/run-git.js';
import { CONFIG_PATH, parseWrapperConfig } from '../model/wrapper-config.js';
import { parseExporterConfig } from '../model/exporter-config.js';
import { parseRefSelection, refSelectionFromOptions, type RefSelection } from '../model/ref-selection.js';

export interface RefTip {
  readonly ref: string;
  readonly commit: string;
}

export interface IndexedRepository {
  readonly view: IndexView;
  readonly tips: readonly RefTip[];
  /** The checked-out branch, else `main`/`master`: where "landed on" is judged without --deployed. */
  readonly mainline: RefTip | null;
  readonly stats: IndexStats;
  readonly warnings: readonly string[];
}

/** The index's options, with the refs to index as the user names them instead of a parsed selection. */
export interface IndexedRepositoryOptions extends Omit<IndexOptions, 'selection'> {
  /** `--only-refs`; when empty, the `refs` of `provenance.json` at HEAD, else every ref. */
  readonly onlyRefs?: readonly string[];
}

/** Updates the index and returns it with the ref tips it covers, by the short names users type. */
export async function indexedRepository(context: AnalysisContext, options: IndexedRepositoryOptions = {}): Promise<IndexedRepository> {
  for (const pattern of options.extraRefPatterns ?? []) {
    // for-each-ref matches patterns from `refs/` on, so anything else matches nothing: say so instead.
    // eslint-disable-next-line no-control-regex
    if (!pattern.startsWith('refs/') || /[\s\u0000-\u001f\u007f]/.test(pattern)) {
      throw new UsageError(`--refs ${JSON.stringify(pattern)} is not a ref pattern; give one that starts with refs/, e.g. 'refs/pull/*'`);
    }
  }
  // provenance.json is looked up while the index loads.
  const selection = refSelectionFromOptions(options.onlyRefs ?? []) ?? configuredRefs(context);
  const result = await updateIndex(
    context.repo,
    { blobs: context.blobs, facts: context.facts, cacheDir: context.cacheDir, fingerprint: historyFingerprint(), heap: new HeapGuard(context.env), localObjects: context.localObjects },
    { ...options, selection },
  );
  const tips = result.refs
    .map((r) => ({ ref: shortRefName(r.name), commit: r.commit }))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const warnings = [...result.warnings];
  if (context.repo.isShallow) warnings.push('shallow clone: history before the shallow boundary is unknown');
  const view = new IndexView(result.data, result.roots);
  const uncertain = view.uncertainCommitCount();
  if (uncertain > 0) {
    warnings.push(`${uncertain} indexed commits have blobs missing locally (partial clone); metrics defined only there are unknown, so "never defined" may be wrong`);
  }
  return { view, tips, mainline: mainlineOf(result.head.branch, tips), stats: result.stats, warnings };
}

/** The `refs` of `provenance.json` in HEAD's tree (never the work tree), or null. */
async function configuredRefs(context: AnalysisContext): Promise<RefSelection> {
  const found = await runGitRaw(context.repo.dir, ['rev-parse', '--verify', '--quiet', `HEAD:${CONFIG_PATH}`]);
  const oid = found.stdout.toString('utf8').trim();
  if (found.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(oid)) return null;
  const blob = await context.blobs.read(oid);
  if (blob.kind !== 'found') return null;
  const text = blob.bytes.toString('utf8');
  const where = `${CONFIG_PATH} at HEAD`;
  // Read whole, so that a malformed file is the same one-line error here as in `list`.
  parseWrapperConfig(text, where);
  parseExporterConfig(text, where);
  return parseRefSelection(text, where);
}

function mainlineOf(current: string | null, tips: readonly RefTip[]): RefTip | null {
  for (const name of [current, 'main', 'master', 'origin/main', 'origin/master']) {
    const tip = tips.find((t) => t.ref === name);
    if (tip) return tip;
  }
  return null;
}
