import type { BlobFacts, RawArgument, ConstDecl, StrExpr, UseDecl } from '../extract/facts.js';
import type { CrateInfo, FileModule } from '../model/crate-layout.js';
import { registrationExpressions } from '../model/file-dependence.js';

/** Path keywords: they move between modules and are never the name of a constant or an alias. */
const KEYWORDS = new Set(['crate', 'self', 'super', 'Self']);

/** Crates that come with Rust: a path into them cannot lead into this repository's files. */
const BUILTIN_CRATES = new Set(['std', 'core', 'alloc', 'proc_macro', 'test']);

/** Stands for "any crate" in a module key, where the crate a path starts from is not known. */
const ANY_CRATE = '\0any';

/** The parent of a module at a crate's root, in a placed module key. */
const ROOT_PARENT = '';
/** The parent of a module a path reaches from where its lookup starts (`a::b` written bare, after `super::`): not known. */
const ANY_PARENT = '\0any';

const IDENTIFIER = /^(?:r#)?[A-Za-z_][A-Za-z0-9_]*$/;

/** The names a file brings into scope itself, by `use` or `mod`, every scope of the file counted. */
interface LocalNames {
  /** Names that may lead into this repository's files: they come before the crates a path may start with. */
  readonly bound: ReadonlySet<string>;
  /** Names whose every binding is a root import from std or a registry crate (`use std::io::ErrorKind;`): a path through one leads out of the repository. */
  readonly outside: ReadonlySet<string>;
}

const NO_NAMES: LocalNames = { bound: new Set(), outside: new Set() };

/** A name too many in `bound` only parses a file more; `outside` holds a name only when no binding of it may lead inside. */
function localNames(facts: BlobFacts, from: FileModule | null): LocalNames {
  if (facts.uses.length === 0 && facts.modules.length === 0) return NO_NAMES;
  const bound = new Set<string>();
  const outside = new Set<string>();
  for (const module of facts.modules) bound.add(module.name);
  // An import at the file's root reaches its functions and, through `use super::*;`, its inline modules;
  // a glob of another module inside an inline module may bring the same name from elsewhere.
  const globElsewhere = facts.uses.some((u) => u.alias === '*' && u.scope.length > 0 && !(u.path.length === 1 && u.path[0] === 'super'));
  for (const use of facts.uses) {
    if (use.alias === '*') continue;
    if (!globElsewhere && use.scope.length === 0 && leadsOutside(use.path, from)) outside.add(use.alias);
    else bound.add(use.alias);
  }
  for (const name of bound) outside.delete(name);
  return { bound, outside };
}

/** A path that starts in std or in a registry crate the file's crate depends on. */
function leadsOutside(path: readonly string[], from: FileModule | null): boolean {
  const first = path[0];
  if (first === undefined || path.length < 2) return false;
  return BUILTIN_CRATES.has(first) || from?.crate?.dependencies.get(first)?.local === false;
}

/** A module name as a lookup passes through it: the crate (by directory) and the module's own name. */
export function moduleKey(crate: CrateInfo | null, name: string): string {
  return `${crate?.dir ?? ''}\0${name}`;
}

/** A parsed file as name lookups see it. */
export interface ParsedFile {
  readonly facts: BlobFacts;
  readonly module: FileModule;
}

/** What a tree needs from files it has not parsed, besides the names its parsed files mention. */
export interface NeedsOfTree {
  readonly crates: readonly CrateInfo[];
  /** Files whose result depends on other files. */
  readonly dependent: readonly ParsedFile[];
  /** Every parsed file (the dependent ones too). */
  readonly parsed: readonly ParsedFile[];
  /** The wrappers' names, the constant paths their templates name (with the module written in, when known), and their modules (none without wrappers). */
  readonly wrappers: {
    readonly callees: ReadonlySet<string>;
    readonly constantPaths: readonly { readonly path: readonly string[]; readonly module: FileModule | null; readonly facts?: BlobFacts | null }[];
    readonly modules: readonly FileModule[];
  };
}

export interface NeededNames {
  /** Items looked up (constants, aliases, wrappers): a file that mentions one anywhere may declare or re-export it. */
  readonly values: ReadonlySet<string>;
  /** Modules passed through, by `moduleKey`: a file of that crate matters when it names one in a `use` or a `mod`. */
  readonly modules: ReadonlySet<string>;
  /**
   * The same modules with the names of the modules they may sit in (`ANY_PARENT` where a path does not
   * tell): `b` of `crate::a::b::X` sits in `a`, or in a module that `a` stands for through a renaming
   * import (`use x::m as a;`) or a glob (`use m::*;` in `a`) of the parsed files. A lookup passes
   * through a module file only where one of these fits it (`entersByName`).
   */
  readonly placed: ReadonlyMap<string, ReadonlySet<string>>;
  /** The names of `modules`, whatever their crate: what a file's text is searched for. */
  readonly moduleNames: ReadonlySet<string>;
  /** Workspace crates a path enters by name: their roots are entered. */
  readonly crateNames: ReadonlySet<string>;
  /** Modules where lookups start: those of registrations and wrapper calls that name a constant, of wrappers, and of the constants on the way. */
  readonly origins: readonly FileModule[];
}

/** Whether a file of `crate` naming `name` in a declaration can matter to the lookups. */
export function needsModule(needed: NeededNames, crate: CrateInfo | null, name: string): boolean {
  return needed.modules.has(moduleKey(crate, name)) || needed.modules.has(`${ANY_CRATE}\0${name}`);
}

/** `NeededNames.placed` for modules that may sit anywhere, by `moduleKey`. */
export function placedAnywhere(keys: readonly string[]): Map<string, ReadonlySet<string>> {
  return new Map(keys.map((key) => [key, new Set([ANY_PARENT])]));
}

/**
 * Whether a path passes through the module (not a crate root) by name: one names a module of its
 * last name in its crate, after a segment that may stand for the module above it, or where the
 * module above is not known. Module files of the same name elsewhere in the crate (`server/config.rs`
 * beside `config.rs`) are not entered by `crate::config::X`.
 */
function entersByName(needed: NeededNames, module: FileModule, last: string): boolean {
  const path = module.modulePath;
  const parent = path.length >= 2 ? (path[path.length - 2] as string) : ROOT_PARENT;
  for (const key of [moduleKey(module.crate, last), `${ANY_CRATE}\0${last}`]) {
    const parents = needed.placed.get(key);
    if (parents !== undefined && (parents.has(ANY_PARENT) || parents.has(parent))) return true;
  }
  return false;
}

class NameCollector {
  readonly values = new Set<string>();
  readonly modules = new Set<string>();
  /** By module key, the names of the modules the paths name before it. */
  readonly placed = new Map<string, Set<string>>();
  readonly moduleNames = new Set<string>();
  readonly crateNames = new Set<string>();
  /** What was added and not yet followed through the parsed files. */
  readonly pending = { values: [] as string[], modules: [] as string[], crates: [] as string[] };

  constructor(private readonly crates: readonly CrateInfo[]) {}

  addValue(name: string): void {
    if (this.values.has(name)) return;
    this.values.add(name);
    this.pending.values.push(name);
  }

  private addModule(key: string, name: string, parent: string): void {
    const parents = this.placed.get(key);
    if (parents === undefined) this.placed.set(key, new Set([parent]));
    else parents.add(parent);
    this.moduleNames.add(name);
    if (this.modules.has(key)) return;
    this.modules.add(key);
    this.pending.modules.push(key);
  }

  private addCrate(name: string): void {
    if (this.crateNames.has(name)) return;
    this.crateNames.add(name);
    this.pending.crates.push(name);
  }

  segments(expr: StrExpr | null, from: FileModule | null, local: LocalNames = NO_NAMES): void {
    if (expr === null) return;
    if (expr.kind === 'const') this.path(expr.path, from, true, local);
    else if (expr.kind === 'concat') for (const part of expr.parts) this.segments(part, from, local);
  }

  argument(argument: RawArgument, from: FileModule, local: LocalNames): void {
    for (const expr of argumentExpressions(argument)) this.segments(expr, from, local);
  }

  /**
   * A path written in `from`: its last segment names the item (unless `asItem` is false, as for a glob
   * import's path), the others modules of the crate the path starts in. A path into a registry crate
   * (`std::`, `serde::`) cannot lead into this repository's files, and adds nothing, unless the file
   * names a module or import of its own so (`local`: `use crate::metrics;` beside a `metrics` dependency),
   * which a path outside a `use` reaches first.
   */
  path(path: readonly string[], from: FileModule | null, asItem = true, local: LocalNames = NO_NAMES): void {
    const first = path[0];
    if (first === undefined || local.outside.has(first)) return;
    let crate: CrateInfo | null | undefined = from?.crate ?? null;
    let start = 0;
    // The module the next segment sits in, where the path says: a crate's root after `crate::` or a crate's name.
    let parent = first === 'crate' ? ROOT_PARENT : ANY_PARENT;
    if (!KEYWORDS.has(first) && (path.length > 1 || !asItem) && !local.bound.has(first)) {
      const named = this.crates.find((c) => c.name === first);
      if (named !== undefined) {
        crate = named;
        this.addCrate(first);
        start = 1;
        parent = ROOT_PARENT;
      } else if (BUILTIN_CRATES.has(first) || from?.crate?.dependencies.get(first)?.local === false) return;
    }
    const key = (name: string) => (from === null ? `${ANY_CRATE}\0${name}` : moduleKey(crate ?? null, name));
    for (let i = start; i < path.length; i++) {
      const segment = path[i] as string;
      if (KEYWORDS.has(segment)) {
        if (segment !== 'crate' || i > 0) parent = ANY_PARENT;
        continue;
      }
      if (asItem && i === path.length - 1) this.addValue(segment);
      else this.addModule(key(segment), segment, parent);
      parent = IDENTIFIER.test(segment) ? segment.replace(/^r#/, '') : ANY_PARENT;
    }
  }
}

/** The expressions an argument of a call holds. */
function argumentExpressions(argument: RawArgument): readonly (StrExpr | null)[] {
  if (argument.kind === 'string') return [argument.value];
  if (argument.kind === 'list') return argument.elements;
  const o = argument.opts;
  return [o.name, o.help, o.namespace, o.subsystem, ...(o.labels ?? []), ...o.constLabels.flatMap((c) => [c.name, c.value])];
}

/** Whether an expression names a constant anywhere (a lookup resolves it). */
function namesConstant(expr: StrExpr | null): boolean {
  if (expr === null) return false;
  return expr.kind === 'const' || (expr.kind === 'concat' && expr.parts.some(namesConstant));
}

interface UseOf {
  readonly use: UseDecl;
  readonly file: ParsedFile;
}

interface ConstantOf {
  readonly constant: ConstDecl;
  readonly file: ParsedFile;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * The names an unparsed file must mention to change what a tree defines:
 * - the name of a wrapper, since a call is matched to a wrapper by its last path segment;
 * - a segment of a constant path named by a registration, a call's argument, a custom registry's
 *   prefix or a wrapper's template in a dependent file, then, following the chains through parsed
 *   files, the paths of the `use` declarations whose alias is such a name, the paths of glob imports
 *   in modules a lookup enters (`globReachable`), and the values of the constants so named.
 *   `findConstant` looks up a path's segments as constant names, `use` aliases, child modules or
 *   crates: an item's name counts wherever a file mentions it, a module's only in a `use` or `mod`
 *   of a file of that crate (a module file is found by its path, and adds nothing unless it names
 *   something needed). A file that mentions none of these cannot change where a path leads, unless
 *   it imports a glob into a module a lookup enters.
 * Registries and constructions registered elsewhere are linked through register calls and custom
 * registries, which only files that register something themselves hold, and those are parsed.
 */
export function neededNames(tree: NeedsOfTree): NeededNames {
  const names = new NameCollector(tree.crates);
  for (const callee of tree.wrappers.callees) names.addValue(callee);
  const origins = new Set<FileModule>(tree.wrappers.modules);
  // Files whose lookups are known by file only (wrappers, custom registries): a glob anywhere in them counts as at their root.
  const byFileOnly = new Set<FileModule>(tree.wrappers.modules);
  for (const constant of tree.wrappers.constantPaths) names.path(constant.path, constant.module, true, constant.facts == null ? NO_NAMES : localNames(constant.facts, constant.module));
  for (const file of tree.dependent) {
    // A lookup starts only where a registration or a wrapper call names a constant. A file dependent
    // for its register calls alone (linked to constructions by name across the crate) starts none:
    // its glob imports route nothing (tikv's integration tests import `test_raftstore::*` beside one).
    const local = localNames(file.facts, file.module);
    for (const r of file.facts.registrations) {
      const expressions = registrationExpressions(r);
      if (!expressions.some(namesConstant)) continue;
      origins.add(file.module);
      origins.add(scopedModule(file.module, r.scope));
      for (const expr of expressions) names.segments(expr, file.module, local);
    }
    for (const call of file.facts.calls) {
      // Only a call that may reach a wrapper registers: one whose path names no wrapper (by function or type) passes nothing on.
      if (!call.callee.some((segment) => tree.wrappers.callees.has(segment))) continue;
      if (!call.args.some((argument) => argumentExpressions(argument).some(namesConstant))) continue;
      origins.add(file.module);
      origins.add(scopedModule(file.module, call.scope));
      for (const argument of call.args) names.argument(argument, file.module, local);
    }
  }
  for (const file of tree.parsed) {
    if (file.facts.customRegistries.length === 0) continue;
    origins.add(file.module);
    byFileOnly.add(file.module);
    const local = localNames(file.facts, file.module);
    for (const registry of file.facts.customRegistries) names.segments(registry.prefix, file.module, local);
  }
  const standsFor = standsForOf(tree.parsed, tree.crates);
  const result = (): NeededNames => ({
    values: names.values,
    modules: names.modules,
    placed: standsFor.expand(names.placed),
    moduleNames: names.moduleNames,
    crateNames: names.crateNames,
    origins: distinctModules(origins),
  });
  // Followed name by name: each added name visits only the `use`s and constants that bear it, so
  // the cost is the size of the parsed files once, not once per round of discoveries.
  const usesByAlias = new Map<string, UseOf[]>();
  const globs: UseOf[] = [];
  const constantsByName = new Map<string, ConstantOf[]>();
  for (const file of tree.parsed) {
    for (const use of file.facts.uses) {
      if (use.alias === '*') globs.push({ use, file });
      else pushTo(usesByAlias, use.alias, { use, file });
    }
    for (const constant of file.facts.constants) pushTo(constantsByName, constant.name, { constant, file });
  }
  // A use followed as a module path may later be followed as an item's too: both add names, never fewer.
  const followedAsItem = new Set<UseDecl>();
  const followedAsModule = new Set<UseDecl>();
  const followedConstants = new Set<ConstDecl>();
  const asModule = ({ use, file }: UseOf) => {
    if (followedAsModule.has(use)) return;
    followedAsModule.add(use);
    names.path(use.path, file.module, false);
  };
  const pending = names.pending;
  for (;;) {
    for (let name = pending.values.pop(); name !== undefined; name = pending.values.pop()) {
      for (const { use, file } of usesByAlias.get(name) ?? []) {
        if (followedAsItem.has(use)) continue;
        followedAsItem.add(use);
        names.path(use.path, file.module);
      }
      for (const { constant, file } of constantsByName.get(name) ?? []) {
        if (followedConstants.has(constant)) continue;
        followedConstants.add(constant);
        names.segments(constant.value, file.module, localNames(file.facts, file.module));
        origins.add(file.module);
        origins.add(scopedModule(file.module, constant.scope));
      }
    }
    for (let key = pending.modules.pop(); key !== undefined; key = pending.modules.pop()) {
      const cut = key.lastIndexOf('\0');
      const crateDir = key.slice(0, cut);
      for (const found of usesByAlias.get(key.slice(cut + 1)) ?? []) if (crateDir === ANY_CRATE || crateDir === (found.file.module.crate?.dir ?? '')) asModule(found);
    }
    for (let crate = pending.crates.pop(); crate !== undefined; crate = pending.crates.pop()) {
      for (const found of usesByAlias.get(crate) ?? []) if (found.use.path[found.use.path.length - 1] === crate) asModule(found);
    }
    if (pending.values.length + pending.modules.length + pending.crates.length > 0) continue;
    // A glob import routes any name looked up in its module, when a lookup enters that module.
    const sofar = result();
    let grew = false;
    for (const found of globs) {
      // A glob inside an inline module (`mod tests { use a::b::*; }`) routes the names of that module only.
      const into = byFileOnly.has(found.file.module) ? found.file.module : scopedModule(found.file.module, found.use.scope);
      if (followedAsModule.has(found.use) || !globReachable(into, sofar)) continue;
      asModule(found);
      grew = true;
    }
    if (!grew) break;
  }
  return result();
}

/** A module name in a crate (by directory), in the form of `moduleKey`, as `StandsFor` links them. */
function nameIn(crateDir: string, name: string): string {
  return `${crateDir}\0${name}`;
}

/**
 * The modules (`nameIn`) a module path may end in, read from `module` for `self`/`super`/`crate`,
 * in the workspace crate a path names first; null when they cannot be told. A single name may also
 * be a local module of that name.
 */
function lastModules(path: readonly string[], module: FileModule, crates: readonly CrateInfo[]): string[] | null {
  const here = module.crate?.dir ?? '';
  const first = path[0];
  if (first === undefined) return null;
  const named = KEYWORDS.has(first) ? undefined : crates.find((c) => c.name === first);
  if (path.length === 1 && !KEYWORDS.has(first)) {
    if (!IDENTIFIER.test(first)) return null;
    const local = nameIn(here, first.replace(/^r#/, ''));
    return named === undefined ? [local] : [local, nameIn(named.dir, ROOT_PARENT)];
  }
  const crateDir = named?.dir ?? here;
  let at: readonly string[] | null = named === undefined ? null : [];
  for (const segment of named === undefined ? path : path.slice(1)) {
    if (segment === 'crate') at = [];
    else if (segment === 'self') at ??= module.modulePath;
    else if (segment === 'super') {
      at ??= module.modulePath;
      if (at.length === 0) return null;
      at = at.slice(0, -1);
    } else if (IDENTIFIER.test(segment)) at = [segment.replace(/^r#/, '')];
    else return null;
  }
  if (at === null) return null;
  return [nameIn(crateDir, at.length === 0 ? ROOT_PARENT : (at[at.length - 1] as string))];
}

/** A file's renaming and glob imports as (module, module name that may stand for it) pairs, by facts. */
const aliasEdgeCache = new WeakMap<BlobFacts, { readonly module: FileModule; readonly crates: readonly CrateInfo[]; readonly edges: readonly (readonly [string, string])[] }>();

function sameModule(a: FileModule, b: FileModule): boolean {
  return a === b || ((a.crate?.dir ?? '') === (b.crate?.dir ?? '') && a.modulePath.length === b.modulePath.length && a.modulePath.every((segment, i) => segment === b.modulePath[i]));
}

/** The target of an import whose module cannot be told: it may stand for any module. */
const ANY_TARGET = '\u0002';

function aliasEdgesOf(file: ParsedFile, crates: readonly CrateInfo[]): readonly (readonly [string, string])[] {
  const cached = aliasEdgeCache.get(file.facts);
  if (cached !== undefined && cached.crates === crates && sameModule(cached.module, file.module)) return cached.edges;
  const here = file.module.crate?.dir ?? '';
  const edges: (readonly [string, string])[] = [];
  for (const use of file.facts.uses) {
    const into = scopedModule(file.module, use.scope);
    // A glob's module holds the children of the module it imports; a renaming import names that module.
    const alias = nameIn(here, use.alias === '*' ? (into.modulePath.length === 0 ? ROOT_PARENT : (into.modulePath[into.modulePath.length - 1] as string)) : use.alias.replace(/^r#/, ''));
    for (const target of lastModules(use.path, into, crates) ?? [ANY_TARGET]) if (target !== alias) edges.push([target, alias]);
  }
  aliasEdgeCache.set(file.facts, { module: file.module, crates, edges });
  return edges;
}

/** What a name written as a module may stand for, by the parsed files' renaming and glob imports. */
interface StandsFor {
  /** Each module's parents with every module they may stand for added, transitively; any parent where that leaves the crate. */
  expand(placed: ReadonlyMap<string, ReadonlySet<string>>): Map<string, ReadonlySet<string>>;
}

function standsForOf(parsed: readonly ParsedFile[], crates: readonly CrateInfo[]): StandsFor {
  const targets = new Map<string, Set<string>>();
  for (const file of parsed) {
    for (const [target, alias] of aliasEdgesOf(file, crates)) {
      let set = targets.get(alias);
      if (set === undefined) targets.set(alias, (set = new Set()));
      set.add(target);
    }
  }
  const closed = new Map<string, ReadonlySet<string>>();
  const closure = (node: string): ReadonlySet<string> => {
    let all = closed.get(node);
    if (all !== undefined) return all;
    const found = new Set([node]);
    const todo = [node];
    for (let at = todo.pop(); at !== undefined; at = todo.pop()) {
      for (const target of targets.get(at) ?? []) {
        if (found.has(target)) continue;
        found.add(target);
        todo.push(target);
      }
    }
    closed.set(node, (all = found));
    return all;
  };
  const any: ReadonlySet<string> = new Set([ANY_PARENT]);
  return {
    expand: (placed) => {
      const out = new Map<string, ReadonlySet<string>>();
      for (const [key, parents] of placed) {
        if (parents.has(ANY_PARENT) || targets.size === 0) {
          out.set(key, parents);
          continue;
        }
        const crateDir = key.slice(0, key.lastIndexOf('\0'));
        // A path whose module is not known reaches a module of that name in any crate.
        if (crateDir === ANY_CRATE) {
          out.set(key, any);
          continue;
        }
        const all = new Set<string>();
        for (const parent of parents) {
          for (const node of closure(nameIn(crateDir, parent))) {
            const cut = node.lastIndexOf('\0');
            // A module re-exported from another crate is looked up under that crate's key: enter any module of this name here, as a path that does not tell would.
            if (node === ANY_TARGET || node.slice(0, cut) !== crateDir) all.add(ANY_PARENT);
            else all.add(node.slice(cut + 1));
          }
        }
        out.set(key, all);
      }
      return out;
    },
  };
}

/** The module an inline `mod` path (`scope`) of a file's module names. */
export function scopedModule(module: FileModule, scope: readonly string[]): FileModule {
  return scope.length === 0 ? module : { ...module, modulePath: [...module.modulePath, ...scope] };
}

/** A module's place (crate directory, target, module path), equal for the same module reached twice. */
export function moduleIdentity(m: FileModule): string {
  return `${m.crate?.dir ?? ''}\0${m.target}\0${m.inTestsDir}\0${m.modulePath.join('::')}`;
}

function distinctModules(modules: Iterable<FileModule>): FileModule[] {
  const byKey = new Map<string, FileModule>();
  for (const m of modules) byKey.set(moduleIdentity(m), m);
  return [...byKey.values()];
}

/**
 * Whether a lookup may enter `module`, so that the names it binds or a glob brings into it can be
 * looked up: the module is the root of a crate where lookups start or that a path names, or a
 * module a path passes through by name in its crate, or a module where lookups start or one above
 * it (bare names and `super::` paths are looked up there). A test module's `use super::*;` in plain
 * code is none of these.
 */
export function globReachable(module: FileModule, needed: NeededNames): boolean {
  const last = module.modulePath[module.modulePath.length - 1];
  const crateDir = module.crate?.dir ?? null;
  if (last === undefined) return (module.crate !== null && needed.crateNames.has(module.crate.name)) || needed.origins.some((o) => (o.crate?.dir ?? null) === crateDir);
  if (entersByName(needed, module, last)) return true;
  return needed.origins.some(
    (p) =>
      (p.crate?.dir ?? null) === crateDir &&
      p.target === module.target &&
      module.modulePath.length <= p.modulePath.length &&
      module.modulePath.every((segment, i) => p.modulePath[i] === segment),
  );
}
