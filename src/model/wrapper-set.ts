import { createHash } from 'node:crypto';
import type { RawCall } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';
import { scopeOf, type SourceFile } from './module-index.js';
import { CandidateIndex } from './wrapper-candidate-index.js';
import { configuredCandidate, fileCandidates, functionId, type Candidate, type LibraryCheck } from './wrapper-candidates.js';
import type { WrapperConfig } from './wrapper-config.js';
import {
  applyArguments,
  constantPathsOf,
  describeName,
  mentionsConstant,
  namedByParameter,
  templateArgument,
  templateKey,
  type RegistrationTemplate,
} from './wrapper-template.js';

/** A registration template a wrapper produces, with the wrappers it goes through below the wrapper itself. */
export interface WrapperOutput {
  readonly template: RegistrationTemplate;
  readonly through: readonly string[];
}

/** A function or macro whose parameter reaches a metric name, found in the tree or declared in `provenance.json`. */
export interface Wrapper {
  readonly id: string;
  /** `try_create_int_counter`, `Metrics::counter`, `app_counter!`. */
  readonly label: string;
  readonly origin: 'inferred' | 'configured';
  readonly path: string | null;
  readonly line: number | null;
  readonly crate: string | null;
  readonly params: readonly string[];
  /** False for a method (`&self`): its calls go through a receiver, which call sites are not read for. */
  readonly callable: boolean;
  /** Per accepted argument count (null: any), what a call registers. */
  readonly overloads: readonly { readonly arity: number | null; readonly outputs: readonly WrapperOutput[] }[];
  /** Equal for wrappers that register the same things: a cache key part without positions. */
  readonly semantic: string;
}

/** What the wrappers of a tree mean for one file: what it no longer reports itself, and its expanded calls. */
export interface FileWrapping {
  readonly absorbedRegistrations: ReadonlySet<number>;
  readonly absorbedCalls: ReadonlySet<number>;
  readonly expansions: readonly Expansion[];
  /** Changes exactly when the wrappers' effect on this file does (history caches per-file results by it). */
  readonly key: string;
  /** Some expansion needs constants, which may be declared in any file. */
  readonly needsConstants: boolean;
}

export interface Expansion {
  readonly call: RawCall;
  readonly wrapper: Wrapper;
  readonly outputs: readonly WrapperOutput[];
}

/** How deep wrappers may call wrappers before the deeper ones are ignored. */
const MAX_WRAPPER_DEPTH = 8;

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

/**
 * The wrappers of one tree: functions and `macro_rules!` macros whose parameter reaches a metric name,
 * directly or through other wrappers (found transitively), plus the configured ones; and how calls match them.
 */
export class WrapperSet {
  readonly wrappers: readonly Wrapper[];
  /** Equal for sets that mean the same (the history index memoises per-file results by it). */
  readonly key: string;
  private readonly candidates: CandidateIndex;
  private readonly resolved = new Map<string, Wrapper | null>();
  private readonly resolving = new Set<string>();
  private readonly byId = new Map<string, Wrapper>();
  private readonly wrappings = new WeakMap<SourceFile, FileWrapping>();

  constructor(
    files: readonly SourceFile[],
    crates: readonly CrateInfo[],
    config: WrapperConfig,
    libraryCheck: LibraryCheck,
  ) {
    this.candidates = new CandidateIndex(crates);
    const configured = new Set(config.wrappers.map((w) => `${w.macro}:${w.name}`));
    for (const w of config.wrappers) this.candidates.add(configuredCandidate(w));
    for (const file of files) {
      for (const candidate of fileCandidates(file, libraryCheck)) {
        if (!configured.has(`${candidate.macro}:${candidate.name}`)) this.candidates.add(candidate);
      }
    }
    const wrappers: Wrapper[] = [];
    const meaning: string[] = [];
    for (const candidate of this.candidates.all()) {
      const wrapper = this.wrapperOf(candidate, []);
      if (wrapper !== null) {
        wrappers.push(wrapper);
        this.byId.set(wrapper.id, wrapper);
      }
      // Candidates that are no wrapper still take part in matching calls by name.
      meaning.push(`${candidate.id}\0${candidate.exported}\0${candidate.callable}\0${wrapper?.semantic ?? '-'}`);
    }
    wrappers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.wrappers = wrappers;
    this.key = meaning.length === 0 ? '' : hash(meaning.sort().join('\n'));
  }

  /** No wrapper at all (found or configured): no file's result depends on the set. */
  get empty(): boolean {
    return this.wrappers.length === 0;
  }

  /**
   * The names a file must mention for the wrappers to mean anything to it: a call is matched to a
   * wrapper by its last path segment, so a file that does not mention a wrapper's name calls none
   * (and declares no candidate of that name); the constant paths the wrappers' own templates name,
   * and the files the wrappers are written in, where those constants are looked up.
   */
  namesNeeded(): {
    readonly callees: ReadonlySet<string>;
    readonly constantPaths: readonly { readonly path: readonly string[]; readonly from: string | null }[];
    readonly paths: readonly string[];
  } {
    const callees = new Set<string>();
    const constantPaths: { path: readonly string[]; from: string | null }[] = [];
    const paths = new Set<string>();
    for (const candidate of this.candidates.all()) {
      if (!this.byId.has(candidate.id)) continue;
      // `Timer::new("x")` calls the `new` of `impl Timer` only (`Self::new` is read as `Timer::new`): the
      // call site names the type, and a bare `new` would select every file of the repository.
      callees.add(candidate.owner !== null && candidate.origin !== 'configured' ? candidate.owner : candidate.name);
    }
    for (const wrapper of this.wrappers) {
      if (wrapper.path !== null) paths.add(wrapper.path);
      for (const overload of wrapper.overloads) {
        for (const output of overload.outputs) for (const path of constantPathsOf(output.template)) constantPaths.push({ path, from: wrapper.path });
      }
    }
    return { callees, constantPaths, paths: [...paths] };
  }

  /** The wrapper a call calls, when it calls one. */
  wrapperFor(call: RawCall, file: SourceFile): Wrapper | null {
    const candidate = this.candidates.candidateFor(call, file);
    return candidate === null ? null : this.wrapperOf(candidate, []);
  }

  wrappingOf(file: SourceFile): FileWrapping {
    let wrapping = this.wrappings.get(file);
    if (wrapping === undefined) {
      wrapping = this.computeWrapping(file);
      this.wrappings.set(file, wrapping);
    }
    return wrapping;
  }

  /**
   * The file's wrappers' own registrations, and their calls that pass a parameter into another
   * wrapper's name: parts of the wrappers, not registrations of the file. Read from the file's facts
   * and the wrappers by id, so a set stays valid for other versions of the file that mean the same.
   */
  private absorbedBy(file: SourceFile): { registrations: Set<number>; calls: Set<number> } {
    const registrations = new Set<number>();
    const calls = new Set<number>();
    const twins = new Map<string, number>();
    for (const fn of file.facts.functions) {
      const base = functionId(file, fn);
      const n = (twins.get(base) ?? 0) + 1;
      twins.set(base, n);
      if (!this.byId.has(n === 1 ? base : `${base}#${n}`)) continue;
      for (const i of fn.registrations) registrations.add(i);
      for (const i of fn.calls) {
        const call = file.facts.calls[i];
        const wrapper = call === undefined ? null : this.wrapperFor(call, file);
        if (call !== undefined && wrapper !== null && this.expand(wrapper, call, file).some((o) => namedByParameter(o.template))) calls.add(i);
      }
    }
    return { registrations, calls };
  }

  private computeWrapping(file: SourceFile): FileWrapping {
    const absorbed = this.absorbedBy(file);
    const absorbedRegistrations = absorbed.registrations;
    const absorbedCalls = absorbed.calls;
    const expansions: Expansion[] = [];
    const keyParts: string[] = [[...absorbedRegistrations].join(','), [...absorbedCalls].join(',')];
    let needsConstants = false;
    file.facts.calls.forEach((call, i) => {
      if (absorbedCalls.has(i)) return;
      const wrapper = this.wrapperFor(call, file);
      if (wrapper === null) return;
      const outputs = this.expand(wrapper, call, file);
      if (outputs.length === 0) return;
      expansions.push({ call, wrapper, outputs });
      keyParts.push(`${i}:${wrapper.id}:${wrapper.semantic}`);
      if (outputs.some((o) => mentionsConstant(o.template))) needsConstants = true;
    });
    const untouched = expansions.length === 0 && absorbedRegistrations.size === 0 && absorbedCalls.size === 0;
    return { absorbedRegistrations, absorbedCalls, expansions, key: untouched ? '' : hash(keyParts.join('|')), needsConstants };
  }

  private expand(wrapper: Wrapper, call: RawCall, file: SourceFile): WrapperOutput[] {
    if (!wrapper.callable) return [];
    const overload = wrapper.overloads.find((o) => o.arity === call.args.length) ?? wrapper.overloads.find((o) => o.arity === null);
    if (overload === undefined) return [];
    const scope = scopeOf(file.module, call.scope);
    const args = call.args.map((a) => templateArgument(a, scope));
    return overload.outputs.map((o) => ({ template: applyArguments(o.template, args), through: o.through }));
  }

  private wrapperOf(candidate: Candidate, stack: readonly string[]): Wrapper | null {
    if (this.resolved.has(candidate.id)) return this.resolved.get(candidate.id) ?? null;
    // A wrapper calling itself (or a cycle) adds nothing: its other paths decide.
    if (this.resolving.has(candidate.id) || stack.length > MAX_WRAPPER_DEPTH) return null;
    this.resolving.add(candidate.id);
    const overloads: { arity: number | null; outputs: WrapperOutput[] }[] = [];
    for (const overload of candidate.overloads) {
      const outputs: WrapperOutput[] = overload.registrations.map((template) => ({ template, through: [] }));
      for (const inner of overload.calls) {
        const target = this.candidates.candidateFor(inner.call, inner.file);
        const wrapper = target === null ? null : this.wrapperOf(target, [...stack, candidate.id]);
        if (wrapper === null) continue;
        const produced = this.expand(wrapper, inner.call, inner.file).map((o) => ({ template: o.template, through: [wrapper.id, ...o.through] }));
        if (!produced.some((o) => namedByParameter(o.template))) continue;
        outputs.push(...produced);
      }
      if (outputs.length > 0) overloads.push({ arity: overload.arity, outputs });
    }
    this.resolving.delete(candidate.id);
    const wrapper: Wrapper | null =
      overloads.length === 0
        ? null
        : {
            id: candidate.id,
            label: candidate.label,
            origin: candidate.origin,
            path: candidate.file?.path ?? null,
            line: candidate.line,
            crate: candidate.scope?.crate?.packageName ?? null,
            params: candidate.overloads[0]?.params ?? [],
            callable: candidate.callable,
            overloads,
            semantic: hash(JSON.stringify(overloads.map((o) => [o.arity, o.outputs.map((x) => [templateKey(x.template), x.through])]))),
          };
    // Results found inside a cycle are provisional; only the outermost call stores them.
    if (stack.length === 0 || wrapper !== null) this.resolved.set(candidate.id, wrapper);
    return wrapper;
  }
}

/** `app_{name}`-style descriptions of what a wrapper registers. */
export function describeWrapper(wrapper: Wrapper): string[] {
  const names = new Set<string>();
  for (const overload of wrapper.overloads) for (const o of overload.outputs) names.add(describeName(o.template, wrapper.params));
  return [...names];
}
