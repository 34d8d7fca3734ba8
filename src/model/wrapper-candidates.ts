/** The functions and macros that may be wrappers: found in a tree's facts, or declared in `provenance.json`. */
import type { RawCall, RawFunction, RawRegistration } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';
import { moduleKey, scopeOf, type ModuleScope, type SourceFile } from './module-index.js';
import type { ConfiguredWrapper } from './wrapper-config.js';
import { namedByParameter, templateOf, type RegistrationTemplate, type TemplateStr } from './wrapper-template.js';

export interface CandidateCall {
  readonly call: RawCall;
  readonly file: SourceFile;
}

export interface Overload {
  readonly arity: number | null;
  readonly params: readonly string[];
  readonly registrations: readonly RegistrationTemplate[];
  readonly calls: readonly CandidateCall[];
}

/** A function or macro that may be a wrapper; whether it is one is decided by following its calls. */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly macro: boolean;
  readonly owner: string | null;
  readonly origin: 'inferred' | 'configured';
  readonly file: SourceFile | null;
  readonly scope: ModuleScope | null;
  readonly exported: boolean;
  readonly line: number | null;
  readonly callable: boolean;
  readonly overloads: readonly Overload[];
}

/** Why a registration does not count for its crate (see `libraryMismatch`), or null when it does. */
export type LibraryCheck = (reg: RawRegistration, crate: CrateInfo | null) => string | null;

function configuredTemplate(w: ConfiguredWrapper): RegistrationTemplate {
  const param = (index: number): TemplateStr => ({ kind: 'param', index, reason: 'a function argument' });
  const name = param(w.nameArg);
  return {
    library: 'prometheus',
    kind: w.kind,
    vec: w.vec,
    name: w.prefix === '' ? name : { kind: 'join', parts: [{ kind: 'text', value: w.prefix }, name] },
    namespace: null,
    subsystem: null,
    help: w.helpArg === null ? null : param(w.helpArg),
    labels: w.labelsArg === null ? [] : [param(w.labelsArg)],
    constLabels: [],
    buckets: null,
    registry: { kind: 'default' },
    unit: null,
    role: 'define',
  };
}

/** A wrapper declared in `provenance.json`: it takes any number of arguments. */
export function configuredCandidate(w: ConfiguredWrapper): Candidate {
  const params = Array.from({ length: Math.max(w.nameArg, w.helpArg ?? 0, w.labelsArg ?? 0) + 1 }, (_, i) =>
    i === w.nameArg ? 'name' : i === w.helpArg ? 'help' : i === w.labelsArg ? 'labels' : `arg${i}`,
  );
  return {
    id: `config:${w.macro ? 'macro' : 'fn'}:${w.name}`,
    name: w.name,
    label: w.macro ? `${w.name}!` : w.name,
    macro: w.macro,
    owner: null,
    origin: 'configured',
    file: null,
    scope: null,
    exported: true,
    line: null,
    callable: true,
    overloads: [{ arity: null, params, registrations: [configuredTemplate(w)], calls: [] }],
  };
}

/** A function's candidate id; further definitions of it in the same module get `#2`, `#3`, ... */
export function functionId(file: SourceFile, fn: RawFunction): string {
  return `fn:${moduleKey(scopeOf(file.module, fn.scope))}:${fn.owner === null ? '' : `${fn.owner}::`}${fn.name}`;
}

/** Every function and `macro_rules!` macro of a file, with the registrations and calls of its body. */
export function fileCandidates(file: SourceFile, libraryCheck: LibraryCheck): Candidate[] {
  const out: Candidate[] = [];
  const facts = file.facts;
  for (const fn of facts.functions) {
    const scope = scopeOf(file.module, fn.scope);
    const registrations = fn.registrations
      .map((i) => facts.registrations[i])
      .filter((r): r is RawRegistration => r !== undefined && libraryCheck(r, file.module.crate) === null);
    const calls = fn.calls.flatMap((i) => {
      const call = facts.calls[i];
      return call === undefined ? [] : [{ call, file }];
    });
    out.push({
      id: functionId(file, fn),
      name: fn.name,
      label: fn.owner === null ? fn.name : `${fn.owner}::${fn.name}`,
      macro: false,
      owner: fn.owner,
      origin: 'inferred',
      file,
      scope,
      exported: true,
      line: fn.line,
      callable: !fn.method,
      overloads: [
        {
          arity: fn.params.length,
          params: fn.params,
          registrations: registrations.map((r) => templateOf(r, scopeOf(file.module, r.scope))),
          calls,
        },
      ],
    });
  }
  for (const macro of facts.macros) {
    const scope = scopeOf(file.module, macro.scope);
    out.push({
      id: `macro:${moduleKey(scope)}:${macro.name}`,
      name: macro.name,
      label: `${macro.name}!`,
      macro: true,
      owner: null,
      origin: 'inferred',
      file,
      scope,
      exported: macro.exported,
      line: macro.line,
      callable: true,
      overloads: macro.arms.map((arm) => ({
        arity: arm.params.length,
        params: arm.params,
        registrations: arm.registrations
          .filter((r) => libraryCheck(r, file.module.crate) === null)
          .map((r) => templateOf(r, scopeOf(file.module, r.scope)))
          .filter(namedByParameter),
        calls: arm.calls.map((call) => ({ call, file })),
      })),
    });
  }
  return out;
}
