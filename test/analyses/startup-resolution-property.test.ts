import { describe, expect, it } from 'vitest';
import { analyzeStartup, type StartupFile } from '../../src/analyses/startup.js';
import { extractStartupFacts } from '../../src/extract/startup/extract-startup-facts.js';
import { crateLayout, fileModule } from '../../src/model/crate-layout.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { BACKFILLER_METRICS, incidentWorkspace, INDEXER_METRICS, INGESTER_METRICS } from '../helpers/incident-workspace.js';
import { metric } from '../helpers/startup-analysis.js';

type Tree = Record<string, string>;

/** `use a::b::{c, d as e, self};` → one `use` per name, on the same line so that sites keep their lines; nested groups are left as they are. */
function splitGroupedUses(text: string): string {
  return text.replace(/^(\s*)use ([\w:]+)::\{([^{}]*)\};/gm, (_, indent: string, prefix: string, list: string) =>
    list
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item) => `use ${item === 'self' ? prefix : `${prefix}::${item}`};`)
      .join(' ')
      .replace(/^/, indent),
  );
}

/** Renames module `from` of the crate in `crateDir` to `to`: its file, its `mod` item and every path through it. */
function renameModule(tree: Tree, crateDir: string, from: string, to: string): Tree {
  const out: Tree = {};
  const word = new RegExp(`\\b${from}\\b(?!!)`, 'g');
  for (const [file, text] of Object.entries(tree)) {
    const inCrate = file.startsWith(`${crateDir}/`);
    const renamed = inCrate && file === `${crateDir}/src/${from}.rs` ? `${crateDir}/src/${to}.rs` : file;
    out[renamed] = inCrate && file.endsWith('.rs') ? text.replace(word, to) : text;
  }
  return out;
}

/** Moves module `name` of the crate in `crateDir` from `src/name.rs` to `src/name/mod.rs`. */
function toModRs(tree: Tree, crateDir: string, name: string): Tree {
  const from = `${crateDir}/src/${name}.rs`;
  return Object.fromEntries(Object.entries(tree).map(([file, text]) => [file === from ? `${crateDir}/src/${name}/mod.rs` : file, text]));
}

const MODULES: readonly (readonly [string, string])[] = [
  ['crates/ingester', 'firehose'],
  ['crates/ingester', 'streams'],
  ['crates/ingester', 'metrics'],
  ['crates/backfiller', 'repo'],
  ['crates/backfiller', 'metrics'],
  ['crates/indexer', 'index'],
  ['crates/indexer', 'metrics'],
];

/** Status and sites (line and function; paths change with a rename) of every metric of the workspace. */
function statusesOf(tree: Tree): Record<string, string> {
  const manifests = new Map(Object.entries(tree).filter(([f]) => f.endsWith('Cargo.toml')));
  const { crates } = crateLayout(manifests);
  const files: StartupFile[] = Object.entries(tree)
    .filter(([f]) => f.endsWith('.rs'))
    .map(([f, text]) => ({ path: f, module: fileModule(f, crates), facts: extractStartupFacts(text, f) }));
  const defined = (crateName: string, statics: readonly (readonly [string, string])[]) => {
    const metricsFile = Object.keys(tree).find((f) => f.startsWith(`crates/${crateName}/src/`) && tree[f]?.includes('lazy_static!')) as string;
    return statics.map(([name, metricName]) => metric(metricName, name, metricsFile, { crate: crateName }));
  };
  const metrics = [...defined('ingester', INGESTER_METRICS), ...defined('backfiller', BACKFILLER_METRICS), ...defined('indexer', INDEXER_METRICS)];
  const result = analyzeStartup(metrics, files, crates);
  return Object.fromEntries(
    result.entries.map((e) => {
      const s = e.status;
      const sites = s.kind === 'first-use' || s.kind === 'error-path' ? s.uses.map((u) => `${u.line}@${u.function}`).join(',') : s.kind === 'forced' ? s.chain.join('>') : '';
      return [e.metric.name, `${s.kind} ${sites}`.trim()];
    }),
  );
}

describe('start-up statuses do not depend on how modules are named, laid out (name.rs or name/mod.rs) or imported', () => {
  const base = incidentWorkspace() as Tree;
  const expected = statusesOf(base);

  it('the base workspace has every status but forced and unknown', () => {
    expect(new Set(Object.values(expected).map((s) => s.split(' ')[0]))).toEqual(new Set(['first-use', 'error-path', 'never-used']));
  });

  it('random module renames, mod.rs moves and split imports, 40 seeds: every status and site is unchanged', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      let tree: Tree = { ...base };
      const steps: string[] = [];
      for (const [crateDir, module] of MODULES) {
        if (random() < 0.5) continue;
        const to = `${module}_${seed}`;
        tree = renameModule(tree, crateDir, module, to);
        steps.push(`rename ${crateDir} ${module} → ${to}`);
        if (random() < 0.5) {
          tree = toModRs(tree, crateDir, to);
          steps.push(`move ${crateDir} ${to}.rs → ${to}/mod.rs`);
        }
      }
      if (random() < 0.7) {
        tree = Object.fromEntries(Object.entries(tree).map(([f, text]) => [f, f.endsWith('.rs') ? splitGroupedUses(text) : text]));
        steps.push('split grouped uses');
      }
      expect({ seed, steps, statuses: statusesOf(tree) }).toEqual({ seed, steps, statuses: expected });
    }
  });
});
