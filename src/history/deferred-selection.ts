import { fileModule, type CrateLayout, type FileModule } from '../model/crate-layout.js';
import type { WrapperSet } from '../model/wrapper-set.js';
import type { DeferredMentions } from './deferred-mentions.js';
import type { TestModuleFiles } from '../extract/registrations/test-module-declaration.js';
import type { BlobFacts } from '../extract/facts.js';
import { globReachable, moduleIdentity, neededNames, needsModule, scopedModule, type NeededNames } from './needed-names.js';
import type { CachedSource } from './source-files.js';

/** What a tree's parsed files need of its deferred ones, and a key that is equal when they need the same. */
export interface TreeNeeds {
  readonly needed: NeededNames;
  /**
   * The modules (by `enclosingKey`) that hold a parsed file or one of its inline modules, in them or
   * below them: a deferred file that declares one of these modules in another file as test code
   * (`testModuleFiles`) may mark registrations as test code.
   */
  readonly enclosing: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
}

/** A module as test-module declarations reach it: its crate (by directory) and its path. */
function keyOf(module: FileModule, path: readonly string[]): string {
  return `${module.crate?.dir ?? ''}\0${path.join('::')}`;
}

/** The key of `module`, or of the module `length` segments down its path. */
export function enclosingKey(module: FileModule, length = module.modulePath.length): string {
  return keyOf(module, module.modulePath.slice(0, length));
}

/** The key of the module `name` below `module`. */
function childKey(module: FileModule, name: string): string {
  return keyOf(module, [...module.modulePath, name]);
}

/** The key of the module that holds the one of `key`, or null for a crate's root. */
export function parentKey(key: string): string | null {
  const path = key.indexOf('\0') + 1;
  if (path === key.length) return null;
  const last = key.lastIndexOf('::');
  return last < path ? key.slice(0, path) : key.slice(0, last);
}

/**
 * Every module that holds one of the files or one of their inline modules, itself or through a module
 * below it: where a registration of theirs sits, as test-module declarations reach it.
 */
function enclosingModules(files: Iterable<{ readonly module: FileModule; readonly facts: BlobFacts }>): Set<string> {
  const keys = new Set<string>();
  for (const { module, facts } of files) {
    for (let length = 0; length <= module.modulePath.length; length++) keys.add(enclosingKey(module, length));
    for (const inline of facts.modules) {
      if (!inline.inline) continue;
      const path = [...module.modulePath, ...inline.scope, inline.name];
      for (let length = module.modulePath.length + 1; length <= path.length; length++) keys.add(keyOf(module, path.slice(0, length)));
    }
  }
  return keys;
}

/**
 * Whether a deferred file in `module` that declares `declared` as test code may mark a registration
 * of the tree as test code: one of those modules holds a parsed file or one of its inline modules.
 */
function marksParsedAsTest(declared: TestModuleFiles | 'missing', module: FileModule, enclosing: ReadonlySet<string>): boolean {
  if (declared === false) return false;
  if (declared === 'any' || declared === 'missing') return enclosing.has(enclosingKey(module));
  return declared.some((name) => enclosing.has(childKey(module, name)) || enclosing.has(childKey(module, `r#${name}`)));
}

/** The parsed part of a tree, as the rule below reads it. */
export interface ParsedTree {
  readonly layout: CrateLayout;
  readonly sources: ReadonlyMap<string, CachedSource>;
  /** Paths of the files whose result depends on other files. */
  readonly dependent: ReadonlySet<string>;
  readonly wrappers: WrapperSet;
}

/** What the tree needs; the names are asked of deferred blobs from now on. */
export function needsOfTree(tree: ParsedTree, mentions: DeferredMentions): TreeNeeds {
  const wrapperNames = tree.wrappers.namesNeeded();
  const moduleOf = (path: string) => tree.sources.get(path)?.file.module ?? null;
  const needed = neededNames({
    crates: tree.layout.crates,
    dependent: [...tree.dependent].map((path) => (tree.sources.get(path) as CachedSource).file),
    parsed: [...tree.sources.values()].map((s) => s.file),
    wrappers: {
      callees: wrapperNames.callees,
      constantPaths: wrapperNames.constantPaths.map((c) => ({ path: c.path, module: c.from === null ? null : moduleOf(c.from), facts: c.from === null ? null : (tree.sources.get(c.from)?.file.facts ?? null) })),
      modules: wrapperNames.paths.flatMap((path) => moduleOf(path) ?? []),
    },
  });
  mentions.ask(needed.values);
  mentions.ask(needed.moduleNames);
  const enclosing = enclosingModules([...tree.sources.values()].map((s) => s.file));
  const names = new Set([
    ...needed.values,
    ...needed.modules,
    ...[...needed.placed].map(([key, parents]) => `in:${key}\0${[...parents].sort().join('\0')}`),
    ...[...needed.crateNames].map((n) => `crate:${n}`),
    ...needed.origins.map((o) => `origin:${moduleIdentity(o)}`),
  ]);
  return { needed, enclosing, names };
}

/**
 * The deferred files (path, blob) that must be parsed: those that may declare a test module in another
 * file while a parsed file sits in their module or below it; and, when `byNames` (the tree has files
 * that depend on others, or wrappers), those that mention a needed item's name, name a needed module
 * in a `use` or `mod`, import a glob into a module a lookup enters, or cannot be read. `modules`
 * remembers where each path sits in the layout's module tree.
 */
export async function deferredToParse(
  candidates: readonly (readonly [string, string])[],
  needs: TreeNeeds,
  layout: CrateLayout,
  modules: Map<string, FileModule>,
  mentions: DeferredMentions,
  read: (oid: string) => Promise<string | null>,
  byNames = true,
): Promise<(readonly [string, string])[]> {
  const { needed } = needs;
  const moduleOf = (path: string) => moduleOfPath(modules, path, layout);
  if (!byNames) {
    // Only test-module declarations matter, and they do not depend on the names asked: no blob is read again for new names.
    const declares = await Promise.all(candidates.map(([path, oid]) => (needs.enclosing.has(enclosingKey(moduleOf(path))) ? mentions.testModuleFiles(oid, () => read(oid)) : false)));
    return candidates.filter(([path], i) => marksParsedAsTest(declares[i] as TestModuleFiles | 'missing', moduleOf(path), needs.enclosing));
  }
  const checked = await Promise.all(candidates.map(([, oid]) => mentions.of(oid, () => read(oid))));
  const has = (set: ReadonlySet<string>, name: string) => set.has(name) || set.has(`r#${name}`);
  return candidates.filter(([path], i) => {
    const m = checked[i] as Awaited<(typeof checked)[number]>;
    if (m === 'missing' || m.names.some((name) => has(needed.values, name))) return true;
    if (marksParsedAsTest(m.testModules, moduleOf(path), needs.enclosing)) return true;
    if (m.declared.length === 0 && !m.glob) return false;
    const module = moduleOf(path);
    const bindsNeeded = m.declared.some((name) => needsModule(needed, module.crate, name) || needsModule(needed, module.crate, `r#${name}`));
    if (!bindsNeeded && !m.glob) return false;
    const entered = globReachable(module, needed);
    if (m.glob && entered) return true;
    // A name a file binds is looked up only by a lookup that enters its module or one of its inline modules.
    return bindsNeeded && (entered || m.inline.some((name) => globReachable(scopedModule(module, [name]), needed)));
  });
}

/** Where a path sits in the layout's module tree, remembered in `modules`. */
export function moduleOfPath(modules: Map<string, FileModule>, path: string, layout: CrateLayout): FileModule {
  let module = modules.get(path);
  if (module === undefined) modules.set(path, (module = fileModule(path, layout.crates)));
  return module;
}

export function sameNames(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
