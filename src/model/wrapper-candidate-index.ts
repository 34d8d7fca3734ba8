/** A tree's wrapper candidates by name, and which one a call reaches through Rust's paths, imports and crate visibility. */
import type { RawCall } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';
import { moduleKey, scopeOf, type ModuleScope, type SourceFile } from './module-index.js';
import type { Candidate } from './wrapper-candidates.js';

const TYPE_NAME = /^[A-Z]/;
/** How far `super` and `use` aliases are followed when a call's path is made absolute. */
const MAX_ALIAS_DEPTH = 8;

export class CandidateIndex {
  private readonly functions = new Map<string, Candidate[]>();
  private readonly macros = new Map<string, Candidate[]>();

  constructor(private readonly crates: readonly CrateInfo[]) {}

  add(candidate: Candidate): void {
    const byName = candidate.macro ? this.macros : this.functions;
    const list = byName.get(candidate.name);
    if (list === undefined) {
      byName.set(candidate.name, [candidate]);
      return;
    }
    // Two definitions of one name in one module (`#[cfg]` alternatives) stay apart.
    const twins = list.filter((c) => c.id === candidate.id || c.id.startsWith(`${candidate.id}#`)).length;
    list.push(twins === 0 ? candidate : { ...candidate, id: `${candidate.id}#${twins + 1}` });
  }

  /** Every candidate: the functions, then the macros, each name's in the order they were added. */
  all(): Candidate[] {
    return [...this.functions.values(), ...this.macros.values()].flat();
  }

  /** The candidate a call reaches, when it reaches one: the best placed of those it may name. */
  candidateFor(call: RawCall, file: SourceFile): Candidate | null {
    const name = call.callee[call.callee.length - 1];
    if (name === undefined) return null;
    const list = (call.macro ? this.macros : this.functions).get(name);
    if (list === undefined) return null;
    const scope = scopeOf(file.module, call.scope);
    const owner = !call.macro && call.callee.length >= 2 && TYPE_NAME.test(call.callee[call.callee.length - 2] ?? '') ? call.callee[call.callee.length - 2] : null;
    const absolute = call.macro ? null : this.absolutePath(call.callee, file, scope, 0);
    let best: Candidate | null = null;
    let bestScore = -1;
    for (const candidate of list) {
      if ((candidate.owner ?? null) !== (owner ?? null) && candidate.origin !== 'configured') continue;
      if (!this.visible(candidate, file.module.crate)) continue;
      const sameModule = candidate.scope !== null && moduleKey(candidate.scope) === moduleKey(scope);
      if (!call.macro && call.callee.length === 1 && candidate.origin !== 'configured' && !sameModule && !importsName(file, call, name)) continue;
      let score = 0;
      if (absolute !== null && candidate.scope !== null && sameArray(absolute, candidatePath(candidate))) score += 8;
      if (sameModule) score += 4;
      if (candidate.scope !== null && candidate.scope.crate === scope.crate) score += 2;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  private visible(candidate: Candidate, from: CrateInfo | null): boolean {
    const crate = candidate.scope?.crate ?? null;
    if (candidate.origin === 'configured' || crate === null || from === null || crate === from) return true;
    if (candidate.macro && !candidate.exported) return false;
    for (const dependency of from.dependencies.values()) if (dependency.packageName === crate.packageName) return true;
    return false;
  }

  /** `a::b::f` as an absolute path from the crate name, through the file's `use` aliases. */
  private absolutePath(segments: readonly string[], file: SourceFile, scope: ModuleScope, depth: number): string[] | null {
    const [first, ...rest] = segments;
    if (first === undefined || depth > MAX_ALIAS_DEPTH) return null;
    const crateName = scope.crate?.name ?? 'crate';
    if (first === 'crate') return [crateName, ...rest];
    if (first === 'self') return [crateName, ...scope.path, ...rest];
    if (first === 'super') return this.absolutePath(rest, file, { ...scope, path: scope.path.slice(0, -1) }, depth + 1) ?? null;
    const use = file.facts.uses.find((u) => u.alias === first && sameArray(u.scope, scope.path.slice(file.module.modulePath.length)));
    if (use !== undefined && (use.path[use.path.length - 1] === first || rest.length > 0)) {
      if (use.path.length === 1 && use.path[0] === first) return [first, ...rest];
      return this.absolutePath([...use.path, ...rest], file, scope, depth + 1);
    }
    if (this.crates.some((c) => c.name === first)) return [first, ...rest];
    return [crateName, ...scope.path, first, ...rest];
  }
}

function candidatePath(candidate: Candidate): string[] {
  const scope = candidate.scope as ModuleScope;
  return [scope.crate?.name ?? 'crate', ...scope.path, ...(candidate.owner === null ? [] : [candidate.owner]), candidate.name];
}

function sameArray(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A bare call reaches a function of another module only through a `use` of it or a glob import. */
function importsName(file: SourceFile, call: RawCall, name: string): boolean {
  return file.facts.uses.some((u) => sameArray(u.scope, call.scope) && (u.alias === name || u.alias === '*'));
}
