import type { BlobFacts, RawArgument, StrExpr } from '../extract/facts.js';
import type { CrateInfo, FileModule } from '../model/crate-layout.js';

/** Path keywords: they move between modules and are never the name of a constant or an alias. */
const KEYWORDS = new Set(['crate', 'self', 'super', 'Self']);

/** Crates that come with Rust: a path into them cannot lead into this repository's files. */
const BUILTIN_CRATES = new Set(['std', 'core', 'alloc', 'proc_macro', 'test']);

/** Stands for "any crate" in a module key, where the crate a path starts from is not known. */
const ANY_CRATE = '\0any';

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Names a file brings into scope itself, by `use` or `mod`; they come before the crates a path may
 * start with. Every scope of the file counts: a name too many only parses a file more.
 */
function localNames(facts: BlobFacts): ReadonlySet<string> {
  if (facts.uses.length === 0 && facts.modules.length === 0) return NO_NAMES;
  const names = new Set<string>();
  for (const use of facts.uses) if (use.alias !== '*') names.add(use.alias);
  for (const module of facts.modules) names.add(module.name);
  return names;
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
  /** The names of `modules`, whatever their crate: what a file's text is searched for. */
  readonly moduleNames: ReadonlySet<string>;
  /** Workspace crates a path enters by name: their roots are entered. */
  readonly crateNames: ReadonlySet<string>;
  /** Modules where lookups start: those of dependent files, of wrappers, and of the constants on the way. */
  readonly origins: readonly FileModule[];
}

/** Whether a file of `crate` naming `name` in a declaration can matter to the lookups. */
export function needsModule(needed: NeededNames, crate: CrateInfo | null, name: string): boolean {
  return needed.modules.has(moduleKey(crate, name)) || needed.modules.has(`${ANY_CRATE}\0${name}`);
}

class NameCollector {
  readonly values = new Set<string>();
  readonly modules = new Set<string>();
  readonly moduleNames = new Set<string>();
  readonly crateNames = new Set<string>();

  constructor(private readonly crates: readonly CrateInfo[]) {}

  segments(expr: StrExpr | null, from: FileModule | null, local: ReadonlySet<string> = NO_NAMES): void {
    if (expr === null) return;
    if (expr.kind === 'const') this.path(expr.path, from, true, local);
    else if (expr.kind === 'concat') for (const part of expr.parts) this.segments(part, from, local);
  }

  argument(argument: RawArgument, from: FileModule, local: ReadonlySet<string>): void {
    if (argument.kind === 'string') this.segments(argument.value, from, local);
    else if (argument.kind === 'list') for (const element of argument.elements) this.segments(element, from, local);
    else {
      const o = argument.opts;
      for (const expr of [o.name, o.help, o.namespace, o.subsystem, ...(o.labels ?? []), ...o.constLabels.flatMap((c) => [c.name, c.value])]) this.segments(expr, from, local);
    }
  }

  /**
   * A path written in `from`: its last segment names the item (unless `asItem` is false, as for a glob
   * import's path), the others modules of the crate the path starts in. A path into a registry crate
   * (`std::`, `serde::`) cannot lead into this repository's files, and adds nothing, unless the file
   * names a module or import of its own so (`local`: `use crate::metrics;` beside a `metrics` dependency),
   * which a path outside a `use` reaches first.
   */
  path(path: readonly string[], from: FileModule | null, asItem = true, local: ReadonlySet<string> = NO_NAMES): void {
    const first = path[0];
    if (first === undefined) return;
    let crate: CrateInfo | null | undefined = from?.crate ?? null;
    let start = 0;
    if (!KEYWORDS.has(first) && path.length > 1 && !local.has(first)) {
      const named = this.crates.find((c) => c.name === first);
      if (named !== undefined) {
        crate = named;
        this.crateNames.add(first);
        start = 1;
      } else if (BUILTIN_CRATES.has(first) || from?.crate?.dependencies.get(first)?.local === false) return;
    }
    const key = (name: string) => (from === null ? `${ANY_CRATE}\0${name}` : moduleKey(crate ?? null, name));
    for (let i = start; i < path.length; i++) {
      const segment = path[i] as string;
      if (KEYWORDS.has(segment)) continue;
      if (asItem && i === path.length - 1) this.values.add(segment);
      else {
        this.modules.add(key(segment));
        this.moduleNames.add(segment);
      }
    }
  }

  get size(): number {
    return this.values.size + this.modules.size + this.crateNames.size;
  }
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
  for (const callee of tree.wrappers.callees) names.values.add(callee);
  const origins = new Set<FileModule>(tree.wrappers.modules);
  for (const constant of tree.wrappers.constantPaths) names.path(constant.path, constant.module, true, constant.facts == null ? NO_NAMES : localNames(constant.facts));
  for (const file of tree.dependent) {
    origins.add(file.module);
    const local = localNames(file.facts);
    for (const r of file.facts.registrations) {
      for (const expr of [r.name, r.namespace, r.subsystem, r.help, ...r.labels, ...r.constLabels.flatMap((c) => [c.name, c.value])]) names.segments(expr, file.module, local);
    }
    for (const call of file.facts.calls) for (const argument of call.args) names.argument(argument, file.module, local);
  }
  for (const file of tree.parsed) {
    if (file.facts.customRegistries.length === 0) continue;
    origins.add(file.module);
    const local = localNames(file.facts);
    for (const registry of file.facts.customRegistries) names.segments(registry.prefix, file.module, local);
  }
  const result = (): NeededNames => ({ values: names.values, modules: names.modules, moduleNames: names.moduleNames, crateNames: names.crateNames, origins: [...origins] });
  // Until nothing grows; each pass reads what the previous ones found.
  for (let before = -1; before !== names.size + origins.size; ) {
    before = names.size + origins.size;
    const sofar = result();
    for (const file of tree.parsed) {
      let entered: boolean | null = null;
      for (const use of file.facts.uses) {
        const last = use.path[use.path.length - 1];
        if (use.alias === '*') {
          // A glob import routes any name looked up in its module, when a lookup enters that module.
          entered ??= globReachable(file.module, sofar);
          if (entered) names.path(use.path, file.module, false);
        } else if (names.values.has(use.alias)) names.path(use.path, file.module);
        else if (needsModule(sofar, file.module.crate, use.alias) || (last !== undefined && use.alias === last && names.crateNames.has(last))) {
          names.path(use.path, file.module, false);
        }
      }
      for (const constant of file.facts.constants) {
        if (!names.values.has(constant.name)) continue;
        names.segments(constant.value, file.module, localNames(file.facts));
        origins.add(file.module);
      }
    }
  }
  return result();
}

/**
 * Whether names a glob brings into `module` can be looked up: the module is the root of a crate
 * where lookups start or that a path names, or a module a path passes through by name in its crate,
 * or a module where lookups start or one above it (bare names and `super::` paths are looked up
 * there). A test module's `use super::*;` in plain code is none of these.
 */
export function globReachable(module: FileModule, needed: NeededNames): boolean {
  const last = module.modulePath[module.modulePath.length - 1];
  const crateDir = module.crate?.dir ?? null;
  if (last === undefined) return (module.crate !== null && needed.crateNames.has(module.crate.name)) || needed.origins.some((o) => (o.crate?.dir ?? null) === crateDir);
  if (needsModule(needed, module.crate, last)) return true;
  return needed.origins.some(
    (p) =>
      (p.crate?.dir ?? null) === crateDir &&
      p.target === module.target &&
      module.modulePath.length <= p.modulePath.length &&
      module.modulePath.every((segment, i) => p.modulePath[i] === segment),
  );
}
