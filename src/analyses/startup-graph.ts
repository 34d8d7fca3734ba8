import type { StartupCall, StartupFunction, StartupStatic, StartupUse } from '../extract/startup/fact-types.js';
import { runsInService, type CrateInfo } from '../model/crate-layout.js';
import { CrateGraph, crateKeyOf } from './crate-graph.js';
import { DerivedStatics } from './derived-statics.js';
import { CFG_PREDICATES, isSelfAlias, PRELUDE, STD_ROOTS } from './startup-names.js';

import type { StartupFile } from '../history/startup-sources.js';
import { pushTo } from '../util/push-to.js';

export type { StartupFile };

/** A function of the call graph. */
export interface FnNode {
  readonly id: number;
  readonly path: string;
  readonly fn: StartupFunction;
  readonly crateKey: string;
  readonly crate: CrateInfo | null;
  readonly target: string;
  /** Module path from the crate root, inline `mod`s included. */
  readonly module: readonly string[];
  /** `name`, or `Type::name` for a method. */
  readonly label: string;
  readonly entry: boolean;
}

export type Resolution =
  | { readonly kind: 'functions'; readonly targets: readonly FnNode[] }
  /** Outside the repository's crates (std, a registry crate), a constructor, or derived code: it cannot touch our statics. */
  | { readonly kind: 'external' }
  /** `crateKey`: the crate whose code the resolution failed in; only statics of that crate or its dependencies are in doubt. */
  | { readonly kind: 'unresolved'; readonly crateKey: string };


function moduleKey(crateKey: string, target: string, path: readonly string[]): string {
  return `${crateKey}|${target}|${path.join('::')}`;
}

interface Scope {
  readonly crateKey: string;
  readonly crate: CrateInfo | null;
  readonly target: string;
  readonly module: readonly string[];
  readonly implType: string | null;
}

/**
 * The functions of the analysed crates, indexed so that call paths resolve by name: modules from
 * the file layout and inline `mod`s, `use` aliases and globs, `impl` types. An approximation of
 * rustc's name resolution (no macro expansion, no trait resolution, no type inference beyond what
 * extraction recorded), used to follow start-up paths.
 */
export class StartupGraph {
  readonly nodes: FnNode[] = [];
  private readonly freeIn = new Map<string, FnNode[]>();
  private readonly freeByName = new Map<string, FnNode[]>();
  /** Methods by crate key, then `Type|name`. */
  private readonly methodsOfType = new Map<string, Map<string, FnNode[]>>();
  /** `Type|name` → the methods of the first crate (in the crate graph's order) that has them; built on first use. */
  private methodsAnywhere: Map<string, readonly FnNode[]> | null = null;
  private readonly methodsByName = new Map<string, FnNode[]>();
  private readonly types = new Set<string>();
  private readonly modules = new Set<string>();
  private readonly uses = new Map<string, StartupUse[]>();
  /** Every crate of the tree by Rust name, read or not. */
  private readonly crates = new CrateGraph();
  /** Crates with files analysed: a crate left out depends on none of the asked crates. */
  private readonly loaded = new Set<string>();
  private readonly staticItems: { readonly file: StartupFile; readonly item: StartupStatic }[] = [];
  private derived: DerivedStatics | null = null;
  /** File path → crate key, for the files analysed (service targets only). */
  readonly fileCrate = new Map<string, string>();

  /** `crates`: every crate of the tree (defaults to the crates of `files`), for names and the dependency graph. */
  constructor(files: readonly StartupFile[], crates: readonly CrateInfo[] = []) {
    for (const crate of crates) this.crates.add(crate);
    for (const file of files) {
      const { module } = file;
      if (!runsInService(module)) continue;
      const crateKey = crateKeyOf(module.crate);
      this.fileCrate.set(file.path, crateKey);
      this.loaded.add(crateKey);
      if (module.crate) this.crates.add(module.crate);
      for (const item of file.facts.derived ?? []) this.staticItems.push({ file, item });
      for (let i = 0; i <= module.modulePath.length; i++) this.modules.add(moduleKey(crateKey, module.target, module.modulePath.slice(0, i)));
      for (const m of file.facts.modules) this.modules.add(moduleKey(crateKey, module.target, [...module.modulePath, ...m.scope, m.name]));
      for (const t of file.facts.types) this.types.add(`${crateKey}|${t.name}`);
      for (const use of file.facts.uses) pushTo(this.uses, moduleKey(crateKey, module.target, [...module.modulePath, ...use.scope]), use);
      for (const fn of file.facts.functions) {
        if (fn.test) continue;
        const entry = fn.main && (module.modulePath.length === 0 || (module.target !== 'lib' && module.modulePath.join('/') === 'main'));
        const node: FnNode = {
          id: this.nodes.length,
          path: file.path,
          fn,
          crateKey,
          crate: module.crate,
          target: module.target,
          module: [...module.modulePath, ...fn.scope],
          label: fn.implType ? `${fn.implType}::${fn.name}` : fn.name,
          entry,
        };
        this.nodes.push(node);
        if (fn.implType === null) {
          pushTo(this.freeIn, `${moduleKey(crateKey, module.target, node.module)}|${fn.name}`, node);
          pushTo(this.freeByName, `${crateKey}|${fn.name}`, node);
        } else {
          this.types.add(`${crateKey}|${fn.implType}`);
          let ofCrate = this.methodsOfType.get(crateKey);
          if (!ofCrate) this.methodsOfType.set(crateKey, (ofCrate = new Map()));
          pushTo(ofCrate, `${fn.implType}|${fn.name}`, node);
          if (fn.hasSelf) pushTo(this.methodsByName, `${crateKey}|${fn.name}`, node);
        }
      }
    }
  }

  entries(): FnNode[] {
    return this.nodes.filter((n) => n.entry);
  }

  /** The package name of the crate whose key (its directory) is `crateKey`, when the tree has that crate. */
  crateName(crateKey: string): string | undefined {
    for (const crate of this.crates.all()) if (crateKeyOf(crate) === crateKey) return crate.packageName;
    return undefined;
  }

  /** Whether crate `from` is crate `to` or depends on it, directly or through other crates of the tree. */
  reaches(from: string, to: string): boolean {
    return this.crates.reaches(from, to);
  }

  /**
   * The statics a static's initialiser reads, transitively, by static key (`crateKey|NAME`): using or
   * forcing the static forces those too.
   */
  parentsOf(key: string): readonly string[] {
    if (this.derived === null) {
      this.derived = new DerivedStatics();
      for (const { file, item } of this.staticItems) {
        const crateKey = this.fileCrate.get(file.path) as string;
        const scope: Scope = { crateKey, crate: file.module.crate, target: file.module.target, module: [...file.module.modulePath, ...item.scope], implType: null };
        for (const read of item.reads) {
          const target = this.staticIn(read, scope);
          if (target !== null) this.derived.add(`${crateKey}|${item.name}`, `${target.crateKey}|${target.name}`);
        }
      }
    }
    return this.derived.parentsOf(key);
  }

  /** Resolves a path call made in `from`. */
  resolvePath(path: readonly string[], from: FnNode): Resolution {
    return this.resolveFrom(path, scopeOf(from), 0);
  }

  /** Resolves a method call: on `self` and on a receiver of known type exactly, otherwise not at all. */
  resolveMethod(call: Extract<StartupCall, { kind: 'method' }>, from: FnNode): Resolution {
    const type = call.receiverType === 'Self' ? from.fn.implType : call.receiverType;
    if (type === null) return { kind: 'external' };
    const own = this.methodsOfType.get(from.crateKey)?.get(`${type}|${call.method}`);
    if (own) return { kind: 'functions', targets: own };
    const other = this.methodAnywhere(type, call.method);
    return other ? { kind: 'functions', targets: other } : { kind: 'external' };
  }

  /** The methods `Type::name` of the first crate, in the crate graph's order, that has them. */
  private methodAnywhere(type: string, name: string): readonly FnNode[] | undefined {
    if (this.methodsAnywhere === null) {
      this.methodsAnywhere = new Map();
      for (const crate of this.crates.all()) {
        for (const [typeAndName, methods] of this.methodsOfType.get(crateKeyOf(crate)) ?? []) {
          if (!this.methodsAnywhere.has(typeAndName)) this.methodsAnywhere.set(typeAndName, methods);
        }
      }
    }
    return this.methodsAnywhere.get(`${type}|${name}`);
  }

  /** Methods a call on a receiver of unknown type may reach: every method of that name in the crate. */
  methodCandidates(method: string, from: FnNode): readonly FnNode[] {
    return this.methodsByName.get(`${from.crateKey}|${method}`) ?? [];
  }

  /** The crate a static's path names, and the static's name: `other::m::X` from another crate → that crate. */
  staticOf(path: readonly string[], from: FnNode): { crateKey: string; name: string } | null {
    return this.staticIn(path, scopeOf(from));
  }

  private staticIn(path: readonly string[], scope: Scope): { crateKey: string; name: string } | null {
    const name = path[path.length - 1];
    if (name === undefined) return null;
    let expanded = path;
    const alias = this.aliasOf(scope, path[0] as string);
    if (alias !== null && !(alias.length === 1 && alias[0] === path[0])) expanded = [...alias, ...path.slice(1)];
    const head = expanded[0] as string;
    if (expanded.length > 1 && !['crate', 'self', 'super', 'Self'].includes(head)) {
      const other = this.workspaceCrate(head, scope);
      if (other !== null) return { crateKey: crateKeyOf(other), name };
    }
    return { crateKey: scope.crateKey, name };
  }

  /**
   * What a `use` in the module binds `name` to. `use anyhow::anyhow;` binds the macro, not the crate:
   * an alias whose path starts with the name itself is no alias for paths through that name.
   */
  private aliasOf(scope: Scope, name: string): readonly string[] | null {
    const uses = this.uses.get(moduleKey(scope.crateKey, scope.target, scope.module)) ?? [];
    const path = uses.find((u) => u.alias === name)?.path ?? null;
    return path !== null && path.length > 1 && path[0] === name ? null : path;
  }

  private globsOf(scope: Scope): readonly (readonly string[])[] {
    return (this.uses.get(moduleKey(scope.crateKey, scope.target, scope.module)) ?? []).filter((u) => u.alias === '*').map((u) => u.path);
  }

  private hasModule(scope: Scope, path: readonly string[]): boolean {
    return this.modules.has(moduleKey(scope.crateKey, scope.target, path));
  }

  /** Another crate of the repository named by a path's first segment (a path dependency, or any workspace crate of that name). */
  private workspaceCrate(head: string, scope: Scope): CrateInfo | null {
    if (this.hasModule(scope, [...scope.module, head])) return null;
    const dependency = scope.crate?.dependencies.get(head);
    if (dependency?.local) {
      const crate = this.crates.ofPackage(dependency.packageName);
      if (crate !== undefined) return crate;
    }
    const named = this.crates.named(head);
    return named !== undefined && crateKeyOf(named) !== scope.crateKey ? named : null;
  }

  private isExternalRoot(head: string, scope: Scope): boolean {
    if (STD_ROOTS.has(head)) return true;
    const dependencies = scope.crate?.dependencies;
    const dependency = dependencies?.get(head);
    if (dependency !== undefined) return !dependency.local;
    // `hyper0 = { package = "hyper" }` with `extern crate hyper0 as hyper;`: the package's own name.
    return [...(dependencies?.values() ?? [])].some((d) => !d.local && d.packageName.replace(/-/g, '_') === head);
  }

  private resolveFrom(path: readonly string[], scope: Scope, depth: number): Resolution {
    const [head, ...rest] = path;
    if (head === undefined || depth > 8) return { kind: 'unresolved', crateKey: scope.crateKey };
    if (rest.length === 0) return this.resolveSingle(head, scope, depth);
    if (head === 'Self') return this.methodOf(scope, scope.implType, rest);
    if (head === 'crate') return this.resolveIn({ ...scope, module: [] }, rest, depth);
    if (head === 'self') return this.resolveIn(scope, rest, depth);
    if (head === 'super') return this.resolveIn({ ...scope, module: scope.module.slice(0, -1) }, rest, depth);
    const alias = this.aliasOf(scope, head);
    if (alias !== null && !(alias.length === 1 && alias[0] === head)) return this.resolveFrom([...alias, ...rest], scope, depth + 1);
    if (this.hasModule(scope, [...scope.module, head])) return this.resolveIn({ ...scope, module: [...scope.module, head] }, rest, depth);
    const other = this.workspaceCrate(head, scope);
    // A crate of the tree that was not read depends on none of the crates asked about: it cannot touch their statics.
    if (other !== null && !this.loaded.has(crateKeyOf(other))) return { kind: 'external' };
    if (other !== null) {
      return this.resolveIn({ crateKey: crateKeyOf(other), crate: other, target: 'lib', module: [], implType: null }, rest, depth);
    }
    if (scope.crate !== null && head === scope.crate.name) return this.resolveIn({ ...scope, target: 'lib', module: [] }, rest, depth);
    if (this.isExternalRoot(head, scope)) return { kind: 'external' };
    if (/^[A-Z]/.test(head)) return rest.length === 1 ? this.methodOf(scope, head, rest) : { kind: 'external' };
    if (this.hasModule(scope, [head])) return this.resolveIn({ ...scope, module: [head] }, rest, depth);
    const byName = this.byQualifiedName(scope.crateKey, path);
    if (byName.length > 0) return { kind: 'functions', targets: byName };
    // Without a Cargo.toml the dependencies are unknown: an unknown root is more likely a crate than missing code.
    return scope.crate === null ? { kind: 'external' } : { kind: 'unresolved', crateKey: scope.crateKey };
  }

  private resolveSingle(name: string, scope: Scope, depth: number): Resolution {
    const local = this.freeIn.get(`${moduleKey(scope.crateKey, scope.target, scope.module)}|${name}`);
    if (local) return { kind: 'functions', targets: local };
    const alias = this.aliasOf(scope, name);
    if (alias !== null && !(alias.length === 1 && alias[0] === name)) return this.resolveFrom(alias, scope, depth + 1);
    if (/^[A-Z]/.test(name) || PRELUDE.has(name)) return { kind: 'external' };
    let externalGlob = false;
    for (const glob of this.globsOf(scope)) {
      const found = this.resolveFrom([...glob, name], scope, depth + 1);
      if (found.kind === 'functions') return found;
      if (found.kind === 'external') externalGlob = true;
    }
    const byName = this.freeByName.get(`${scope.crateKey}|${name}`);
    if (byName) return { kind: 'functions', targets: byName };
    // `cfg!(not(feature = "x"))`, `cfg_if! { if #[cfg(..)] .. }`: configuration predicates read back from macro arguments.
    if (CFG_PREDICATES.has(name)) return { kind: 'external' };
    return externalGlob || scope.crate === null ? { kind: 'external' } : { kind: 'unresolved', crateKey: scope.crateKey };
  }

  /** `rest` inside the module `scope.module` of `scope.crateKey`: modules first, then a function or `Type::function`. */
  private resolveIn(scope: Scope, rest: readonly string[], depth: number): Resolution {
    let module = [...scope.module];
    for (let i = 0; i < rest.length - 1; i++) {
      const segment = rest[i] as string;
      if (segment === 'super') {
        module = module.slice(0, -1);
        continue;
      }
      if (segment === 'self') continue;
      const here = { ...scope, module };
      if (this.hasModule(here, [...module, segment])) {
        module = [...module, segment];
        continue;
      }
      const alias = this.aliasOf(here, segment);
      if (alias !== null && !isSelfAlias(alias, here, segment)) return this.resolveFrom([...alias, ...rest.slice(i + 1)], here, depth + 1);
      if (i === rest.length - 2) return this.methodOf(here, segment, rest.slice(i + 1));
      return { kind: 'unresolved', crateKey: scope.crateKey };
    }
    const name = rest[rest.length - 1] as string;
    const here = { ...scope, module };
    const direct = this.freeIn.get(`${moduleKey(scope.crateKey, scope.target, module)}|${name}`);
    if (direct) return { kind: 'functions', targets: direct };
    const alias = this.aliasOf(here, name);
    if (alias !== null && !isSelfAlias(alias, here, name)) return this.resolveFrom(alias, here, depth + 1);
    for (const glob of this.globsOf(here)) {
      const found = this.resolveFrom([...glob, name], here, depth + 1);
      if (found.kind === 'functions') return found;
    }
    // A re-export we did not follow (`pub use` through a macro, say): the same name below that module.
    const below = (this.freeByName.get(`${scope.crateKey}|${name}`) ?? []).filter((n) => module.every((m, i) => n.module[i] === m));
    if (below.length > 0) return { kind: 'functions', targets: below };
    return { kind: 'unresolved', crateKey: scope.crateKey };
  }

  /** `Type::f`: a method of an `impl Type` of the crate; derived or foreign otherwise. */
  private methodOf(scope: Scope, type: string | null, rest: readonly string[]): Resolution {
    const name = rest[0];
    if (type === null || name === undefined || rest.length !== 1) return { kind: 'external' };
    const methods = this.methodsOfType.get(scope.crateKey)?.get(`${type}|${name}`);
    if (methods) return { kind: 'functions', targets: methods };
    return { kind: 'external' };
  }

  /**
   * `q::f` where `q` is no module in sight: functions `f` of a module named `q`, or of a file named
   * `q.rs` or `q/mod.rs` (a `#[path = "q/mod.rs"] mod q;` the file layout cannot place).
   */
  private byQualifiedName(crateKey: string, path: readonly string[]): FnNode[] {
    const name = path[path.length - 1] as string;
    const qualifier = path[path.length - 2];
    const fileNamed = (file: string): boolean => {
      const parts = file.split('/');
      const base = parts[parts.length - 1] ?? '';
      return base === `${qualifier}.rs` || (base === 'mod.rs' && parts[parts.length - 2] === qualifier);
    };
    return (this.freeByName.get(`${crateKey}|${name}`) ?? []).filter((n) => n.module[n.module.length - 1] === qualifier || (n.fn.scope.length === 0 && fileNamed(n.path)));
  }
}

function scopeOf(node: FnNode): Scope {
  return { crateKey: node.crateKey, crate: node.crate, target: node.target, module: node.module, implType: node.fn.implType };
}
