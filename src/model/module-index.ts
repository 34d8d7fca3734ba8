import type { BlobFacts, ConstDecl, UseDecl } from '../extract/facts.js';
import type { CrateInfo, FileModule } from './crate-layout.js';

/** One analysed `.rs` file: its location in the module tree and what extraction found in it. */
export interface SourceFile {
  readonly path: string;
  readonly oid: string;
  readonly module: FileModule;
  readonly facts: BlobFacts;
}

/** A module of one crate target, identified by a string key. */
export interface ModuleScope {
  readonly crate: CrateInfo | null;
  readonly target: string;
  readonly path: readonly string[];
}

export interface ConstEntry {
  readonly decl: ConstDecl;
  readonly scope: ModuleScope;
  readonly file: string;
}

export function moduleKey(scope: ModuleScope): string {
  return `${scope.crate?.dir ?? '?'}|${scope.target}|${scope.path.join('::')}`;
}

/** Constants and `use` declarations of every module of a tree, for resolving names across files. */
export class ModuleIndex {
  private readonly constants = new Map<string, Map<string, ConstEntry>>();
  private readonly uses = new Map<string, UseDecl[]>();
  readonly crates: readonly CrateInfo[];

  constructor(files: readonly SourceFile[], crates: readonly CrateInfo[]) {
    this.crates = crates;
    for (const file of files) {
      const entries = entriesOf(file);
      for (const [key, entry] of entries.constants) {
        let byName = this.constants.get(key);
        if (!byName) this.constants.set(key, (byName = new Map()));
        if (!byName.has(entry.decl.name)) byName.set(entry.decl.name, entry);
      }
      for (const [key, use] of entries.uses) {
        let list = this.uses.get(key);
        if (!list) this.uses.set(key, (list = []));
        list.push(use);
      }
    }
  }

  constantIn(scope: ModuleScope, name: string): ConstEntry | undefined {
    return this.constants.get(moduleKey(scope))?.get(name);
  }

  usesIn(scope: ModuleScope): readonly UseDecl[] {
    return this.uses.get(moduleKey(scope)) ?? [];
  }

  crateNamed(name: string): CrateInfo | undefined {
    return this.crates.find((c) => c.name === name);
  }
}

/** What one file adds to an index, by module key. */
interface FileEntries {
  readonly constants: readonly (readonly [string, ConstEntry])[];
  readonly uses: readonly (readonly [string, UseDecl])[];
}

/**
 * Per file object: a history walk builds an index of a tree's parsed files at every resolution, and
 * the same file objects (one per blob and crate layout) come back each time.
 */
const entriesByFile = new WeakMap<SourceFile, FileEntries>();

function entriesOf(file: SourceFile): FileEntries {
  let entries = entriesByFile.get(file);
  if (entries === undefined) {
    entries = {
      constants: file.facts.constants.map((decl) => {
        const scope = scopeOf(file.module, decl.scope);
        return [moduleKey(scope), { decl, scope, file: file.path }] as const;
      }),
      uses: file.facts.uses.map((use) => [moduleKey(scopeOf(file.module, use.scope)), use] as const),
    };
    entriesByFile.set(file, entries);
  }
  return entries;
}

export function scopeOf(module: FileModule, inlineScope: readonly string[]): ModuleScope {
  return { crate: module.crate, target: module.target, path: [...module.modulePath, ...inlineScope] };
}
