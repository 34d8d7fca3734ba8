/**
 * What extraction learns from one Rust blob, before anything is resolved across files.
 * This is the unit cached per blob id, so it must be plain JSON and depend on the blob's bytes only.
 */
import type { Holder, MetricKind, MetricLibrary } from './metric-kinds.js';

/** A string value as written in Rust; resolved against constants and Cargo.toml later. */
export type StrExpr =
  | { readonly kind: 'literal'; readonly value: string }
  /** A path to a `const`/`static` `&str` as written: `['NAME']`, `['crate', 'consts', 'NAME']`, `['super', 'NAME']`. */
  | { readonly kind: 'const'; readonly path: readonly string[] }
  /** `concat!(..)` of the parts, in order. */
  | { readonly kind: 'concat'; readonly parts: readonly StrExpr[] }
  /** `env!("CARGO_PKG_NAME")` and friends, resolved from the crate's Cargo.toml. */
  | { readonly kind: 'env'; readonly variable: string }
  /**
   * Computed at run time (`format!` of run-time values, a function argument, a method call): cannot be
   * known from this file. `param` is set when the value is parameter number `param` (from 0, `self` not
   * counted) of the enclosing `fn`, or `$name` number `param` of a `macro_rules!` arm: call sites that
   * pass a known value make it known (see `RawFunction`).
   */
  | { readonly kind: 'dynamic'; readonly expression: string; readonly reason: string; readonly param?: number };

/** Where a registration sends its metric, as far as one file can tell. */
export type RawRegistry =
  | { readonly kind: 'default' }
  /** A registry value named by an expression (`registry`, `REGISTRY`, `self.registry`). */
  | { readonly kind: 'custom'; readonly expression: string }
  /** Constructed (`IntCounter::new`) with no registration of it found in this file. */
  | { readonly kind: 'unregistered' };

export interface RawRegistration {
  readonly library: MetricLibrary;
  /** The macro or constructor path as written, e.g. `['prometheus', 'register_int_counter_vec']`, `['IntCounterVec', 'new']`. */
  readonly via: readonly string[];
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly name: StrExpr;
  readonly namespace: StrExpr | null;
  readonly subsystem: StrExpr | null;
  readonly help: StrExpr | null;
  /** Variable label names (`*Vec` label names, `metrics` crate label keys). */
  readonly labels: readonly StrExpr[];
  readonly constLabels: readonly { readonly name: StrExpr; readonly value: StrExpr }[];
  /** Explicit buckets; null for the library default or, with `bucketsNotComputed`, when not statically known. */
  readonly buckets: readonly number[] | null;
  /** Explicit buckets that could not be computed, as written; absent when `buckets` is exact or the default. */
  readonly bucketsNotComputed?: string;
  readonly registry: RawRegistry;
  /** prometheus-client's `register_with_unit` unit suffix (`seconds`, `bytes`, ...). */
  readonly unit: string | null;
  /** For the `metrics` facade: a `describe_*!` call or a recording call (`counter!`). */
  readonly role: 'define' | 'describe' | 'record';
  /** The Rust static (or struct field / local) that holds the metric, if any. */
  readonly static: string | null;
  readonly holder: Holder;
  /** Inline `mod` scope inside the file, outermost first; used to resolve const paths. */
  readonly scope: readonly string[];
  /** 1-based line and column of the registration expression. */
  readonly line: number;
  readonly column: number;
  /** Inside `#[cfg(test)]` or a `#[test]` function. */
  readonly test: boolean;
  /** The registration's source text (shortened), shown for unresolved names. */
  readonly expression: string;
  /**
   * For a construction not registered in its file: the type of the `impl` around it (a custom
   * `Collector`'s fields built in `fn new`), linked to `register(Box::new(Type::new()))` elsewhere.
   */
  readonly implType?: string;
}

/** `registry.register(Box::new(X.clone()))` found apart from the construction of X. */
export interface RawRegisterCall {
  /** The registered value's path as written: `['X']`, `['crate', 'metrics', 'X']`, `['self', 'requests']`. */
  readonly target: readonly string[];
  readonly registry: RawRegistry;
  readonly line: number;
  readonly scope: readonly string[];
  /** The type a collector target builds (`Box::new(MyCollector::new(..))` → `['MyCollector']`). */
  readonly constructs?: readonly string[];
  /** When the call sits in a once-initialiser (`INIT.call_once(|| ..)`): that holder and its static. */
  readonly holder?: Holder;
  readonly static?: string | null;
}

/** `let r = Registry::new_custom(Some("prefix"), ..)` or a static holding one. */
export interface RawCustomRegistry {
  readonly binding: string;
  readonly prefix: StrExpr | null;
  readonly line: number;
}

/** What an `Opts`/`HistogramOpts` value (`opts!`, `Opts::new(..)` with builder calls) says. */
export interface RawOpts {
  readonly name: StrExpr;
  readonly help: StrExpr | null;
  readonly namespace: StrExpr | null;
  readonly subsystem: StrExpr | null;
  readonly constLabels: readonly { readonly name: StrExpr; readonly value: StrExpr }[];
  readonly buckets: readonly number[] | null;
  readonly bucketsNotComputed?: string;
  /** From `.variable_labels(..)`; null when not set. */
  readonly labels: readonly StrExpr[] | null;
}

/** An argument of a call site, read by its syntax (the callee's parameter types are not known here). */
export type RawArgument =
  | { readonly kind: 'string'; readonly value: StrExpr }
  /** `&["a", "b"]`, `vec![..]`, a const array of this file. */
  | { readonly kind: 'list'; readonly elements: readonly StrExpr[] }
  | { readonly kind: 'opts'; readonly opts: RawOpts };

/**
 * A call of a project function or macro with arguments that may name a metric: a string literal, a
 * constant, `concat!`/`format!`, options, or a parameter of the enclosing function passed on. It is a
 * registration when the callee turns out to be a wrapper (decided across files, at resolution).
 */
export interface RawCall {
  /** The callee as written, `Self` replaced by the impl's type: `['try_create_int_counter']`, `['crate', 'm', 'f']`, `['Metrics', 'counter']`. */
  readonly callee: readonly string[];
  /** A macro invocation (`my_counter!(..)`) rather than a function call. */
  readonly macro: boolean;
  readonly args: readonly RawArgument[];
  readonly scope: readonly string[];
  readonly static: string | null;
  readonly holder: Holder;
  readonly line: number;
  readonly column: number;
  readonly test: boolean;
  readonly expression: string;
}

/**
 * A function whose parameters reach a registration's name (or namespace, subsystem, options) or the
 * arguments of a call: a wrapper candidate. Registrations and calls are indices into the blob's lists.
 */
export interface RawFunction {
  readonly name: string;
  /** The `impl` type for associated functions (`Metrics` in `impl Metrics { fn new(..) }`); null for free functions. */
  readonly owner: string | null;
  /** Parameter names, in order, `self` left out. */
  readonly params: readonly string[];
  /** Takes `self`: called as a method, which call-site matching does not follow. */
  readonly method: boolean;
  readonly scope: readonly string[];
  readonly line: number;
  readonly column: number;
  readonly test: boolean;
  readonly registrations: readonly number[];
  readonly calls: readonly number[];
}

/** One `(matcher) => { body }` arm of a `macro_rules!` whose matcher is a plain list of `$name:fragment`. */
export interface RawMacroArm {
  /** Metavariable names without `$`, in matcher order. */
  readonly params: readonly string[];
  /** Registrations and calls of the body; their parameters are the arm's metavariables. */
  readonly registrations: readonly RawRegistration[];
  readonly calls: readonly RawCall[];
}

/** A `macro_rules!` definition with at least one arm whose body registers a metric or calls something. */
export interface RawMacroRules {
  readonly name: string;
  /** `#[macro_export]`: visible to other crates. */
  readonly exported: boolean;
  readonly scope: readonly string[];
  readonly line: number;
  readonly column: number;
  readonly test: boolean;
  readonly arms: readonly RawMacroArm[];
}

export interface ConstDecl {
  readonly name: string;
  readonly scope: readonly string[];
  readonly value: StrExpr;
  readonly line: number;
}

/** `use a::b::C;` → path `['a','b','C']`, alias `C`; `use a::b::*;` → alias `*`; `use a::b as c;` → alias `c`. */
export interface UseDecl {
  readonly scope: readonly string[];
  readonly path: readonly string[];
  readonly alias: string;
}

/** `mod x;` (a file) or `mod x { .. }` (inline). */
export interface ModDecl {
  readonly scope: readonly string[];
  readonly name: string;
  readonly inline: boolean;
  /** `#[path = "..."]` on an out-of-line module. */
  readonly pathAttribute: string | null;
  readonly test: boolean;
}

export interface Diagnostic {
  readonly severity: 'warning' | 'error';
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /**
   * Cannot change an answer (a syntax error in code that holds no registration, such as tree-sitter
   * misreading valid Rust): shown only when asked for (`list --verbose`).
   */
  readonly quiet?: boolean;
}

export interface BlobFacts {
  readonly registrations: readonly RawRegistration[];
  readonly registerCalls: readonly RawRegisterCall[];
  readonly customRegistries: readonly RawCustomRegistry[];
  readonly constants: readonly ConstDecl[];
  readonly uses: readonly UseDecl[];
  readonly modules: readonly ModDecl[];
  readonly diagnostics: readonly Diagnostic[];
  readonly functions: readonly RawFunction[];
  readonly macros: readonly RawMacroRules[];
  readonly calls: readonly RawCall[];
}
