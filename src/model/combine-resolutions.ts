import type { RawRegistration } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';
import type { FileResolution } from './file-resolution.js';
import type { MetricDefinition, UnresolvedRegistration } from './metric.js';
import type { SourceFile } from './module-index.js';

export interface CombinedResolution {
  readonly metrics: readonly MetricDefinition[];
  readonly unresolved: readonly UnresolvedRegistration[];
  readonly warnings: readonly string[];
}

/** Applies what needs the whole tree (test modules declared elsewhere, `metrics` call sites) and sorts. */
export function combineResolutions(
  results: readonly FileResolution[],
  files: readonly SourceFile[],
  options: { readonly sort: boolean } = { sort: true },
): CombinedResolution {
  const testModules = testModuleKeys(files);
  const metrics: MetricDefinition[] = [];
  const unresolved: UnresolvedRegistration[] = [];
  const warnings: string[] = [];
  const facadeSites = new Map<string, { def: MetricDefinition; help: string | null; labels: Set<string> }>();
  for (const result of results) {
    unresolved.push(...result.unresolved);
    warnings.push(...result.warnings);
    for (const entry of result.entries) {
      let def = entry.def;
      if (!def.test && testModules.size > 0 && isInTestModule(testModules, entry.crate, entry.modulePath)) {
        def = { ...def, test: true };
      }
      if (def.library === 'metrics') mergeFacadeSite(facadeSites, def, entry.role);
      else metrics.push(def);
    }
  }
  for (const site of facadeSites.values()) {
    metrics.push({ ...site.def, help: site.help, labels: [...site.labels].sort() });
  }
  if (options.sort) {
    metrics.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    unresolved.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  }
  return { metrics, unresolved, warnings };
}

function mergeFacadeSite(
  sites: Map<string, { def: MetricDefinition; help: string | null; labels: Set<string> }>,
  def: MetricDefinition,
  role: RawRegistration['role'],
): void {
  const key = `${def.crate ?? ''}|${def.name}`;
  const site = sites.get(key);
  if (!site) {
    sites.set(key, { def, help: def.help, labels: new Set(def.labels) });
    return;
  }
  for (const label of def.labels) site.labels.add(label);
  site.help ??= def.help;
  // A describe_*! call is the metric's declaration; prefer it as the location shown.
  if (role === 'describe' && site.def.help === null) site.def = def;
}

function testKey(crate: CrateInfo | null, modulePath: readonly string[]): string {
  return `${crate?.dir ?? '?'}|${modulePath.join('::')}`;
}

/** Modules declared `#[cfg(test)] mod x;` in another file: everything below them is test code. */
function testModuleKeys(files: readonly SourceFile[]): Set<string> {
  const keys = new Set<string>();
  for (const file of files) {
    for (const mod of file.facts.modules) {
      if (mod.test) keys.add(testKey(file.module.crate, [...file.module.modulePath, ...mod.scope, mod.name]));
    }
  }
  return keys;
}

function isInTestModule(keys: ReadonlySet<string>, crate: CrateInfo | null, modulePath: readonly string[]): boolean {
  for (let i = 1; i <= modulePath.length; i++) if (keys.has(testKey(crate, modulePath.slice(0, i)))) return true;
  return false;
}
