/** The shapes of what one Rust blob says about start-up paths (see `extractStartupFacts`). */
import type { Diagnostic } from '../facts.js';

/** A call inside a function body. */
export type StartupCall =
  /** `init()`, `metrics::init()`, `Self::setup()`, `other_crate::init()`: the path as written. */
  | {
      readonly kind: 'path';
      readonly path: readonly string[];
      readonly line: number;
      readonly conditional: boolean;
      readonly errorPath: boolean;
      /** Named, not called: `spawn(run)`, `.map_err(on_error)`. It may be a local we did not see bound, so failing to resolve it says nothing. */
      readonly reference: boolean;
    }
  /**
   * `x.start()`. `receiverType` is `Self` for `self.start()`, the type a local or parameter was declared or
   * built with (`let x = Server::new()`, `x: &Server`, `x: Arc<Server>` → `Server`), else null.
   */
  | {
      readonly kind: 'method';
      readonly method: string;
      readonly receiverType: string | null;
      readonly line: number;
      readonly conditional: boolean;
      readonly errorPath: boolean;
    };

/**
 * How code touches a static: `initialize` (`lazy_static::initialize(&X)`), `force` (`Lazy::force(&X)`,
 * `LazyLock::force(&X)`), `deref` (`&*X`, `*X`, `X.deref()`), `get-or-init` (`X.get_or_init(..)`), or any other
 * `use` (`X.inc()`, `crate::m::X.with_label_values(..)`).
 */
export type TouchKind = 'initialize' | 'force' | 'deref' | 'get-or-init' | 'use';

export interface StaticTouch {
  /** The static's path as written: `['X']`, `['metrics', 'X']`, `['crate', 'metrics', 'X']`. */
  readonly path: readonly string[];
  readonly how: TouchKind;
  /** Creates label values: `with_label_values`, `get_metric_with_label_values`, `with`, `get_or_create`. */
  readonly labelValues: boolean;
  readonly line: number;
  readonly conditional: boolean;
  /** Inside error handling: an `Err(..)` arm, `if let Err(..)`, a `map_err` closure (see walkBody). */
  readonly errorPath: boolean;
}

export interface StartupFunction {
  readonly name: string;
  /** 1-based line of the `fn` item. */
  readonly line: number;
  /** Inline `mod` scope inside the file, outermost first. */
  readonly scope: readonly string[];
  /** The `impl` (or `trait`) type whose method this is; null for a free function. */
  readonly implType: string | null;
  /** `impl Trait for Type`: the trait's name. */
  readonly trait: string | null;
  /** Takes `self`: callable as `value.name()`. */
  readonly hasSelf: boolean;
  /** A free `fn main` at the top of the file: the entry point when the file is a binary's root. */
  readonly main: boolean;
  /** `#[tokio::main]`, `#[actix_web::main]`, `#[async_std::main]` (the attribute path), else null. */
  readonly mainAttribute: string | null;
  /** `#[test]`-like, or inside `#[cfg(test)]`. */
  readonly test: boolean;
  readonly calls: readonly StartupCall[];
  readonly statics: readonly StaticTouch[];
}

/** `use a::b::c;` → path `['a','b','c']`, alias `c`; a glob has alias `*`. */
export interface StartupUse {
  readonly scope: readonly string[];
  readonly path: readonly string[];
  readonly alias: string;
}

export interface StartupItem {
  readonly scope: readonly string[];
  readonly name: string;
}

/**
 * A static (in `lazy_static!`, or a `static` item) with the UPPER_CASE paths its initialiser reads:
 * `SQL_ELAPSED = QUERY_ELAPSED.with_label_values(..)` reads `QUERY_ELAPSED`, so forcing or using
 * SQL_ELAPSED forces QUERY_ELAPSED.
 */
export interface StartupStatic {
  readonly scope: readonly string[];
  readonly name: string;
  readonly reads: readonly (readonly string[])[];
}

export interface StartupFacts {
  readonly functions: readonly StartupFunction[];
  /** Statics whose initialiser reads other statics; the others are left out. */
  readonly derived: readonly StartupStatic[];
  readonly uses: readonly StartupUse[];
  /** Inline modules (`mod x { .. }`), so paths into them resolve. */
  readonly modules: readonly StartupItem[];
  /** Structs, enums, unions, traits and type aliases, so `Type::f()` is told apart from a foreign type. */
  readonly types: readonly StartupItem[];
  readonly diagnostics: readonly Diagnostic[];
}
