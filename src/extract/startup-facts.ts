/**
 * What one Rust blob says about start-up paths: its functions, what each calls, and where each
 * touches an UPPER_CASE static. Cached per blob id (namespace `startup`), so plain JSON only.
 */
import type { Diagnostic } from './facts.js';
import { collectStartupItems } from './startup-items.js';
import { decodeSource } from './utf8.js';

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

/**
 * Start-up facts of one Rust blob. Never throws: an internal failure becomes an `error` diagnostic.
 * The facts depend on the bytes only (they are cached by blob id), so `_path` does not reach them.
 */
export function extractStartupFacts(source: Buffer | string, _path: string): StartupFacts {
  try {
    const { text } = decodeSource(source);
    // Hand-written code never nests this deep; a file that does (generated, or hostile) would cost
    // seconds and gigabytes to copy into a tree.
    const depth = bracketDepth(text);
    if (depth > MAX_NESTING) {
      const message = `brackets nested ${depth} deep (more than ${MAX_NESTING}); start-up paths through this file are not followed`;
      return { ...emptyItems(), diagnostics: [{ severity: 'warning', line: 1, column: 1, message }] };
    }
    return { ...collectStartupItems(text), diagnostics: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...emptyItems(), diagnostics: [{ severity: 'error', line: 1, column: 1, message: `internal start-up extractor error: ${message}` }] };
  }
}

const MAX_NESTING = 2000;

function emptyItems(): Omit<StartupFacts, 'diagnostics'> {
  return { functions: [], derived: [], uses: [], modules: [], types: [] };
}

/** The deepest nesting of `(`, `[` and `{`; brackets in strings count too, which only ever overestimates. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}
