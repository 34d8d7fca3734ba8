/** Macro names the extractor treats specially, in one place so that every stage agrees on them. */

/** Macros whose bodies are items (`static ref X: T = e;`). */
export const ITEM_MACROS: ReadonlySet<string> = new Set(['lazy_static', 'thread_local']);

/**
 * Macros whose token trees are not expressions run where the macro stands: items (the item macros,
 * `macro_rules!`) or text. Start-up reading does not look for calls and touches inside them.
 */
export const NON_EXPRESSION_MACROS: ReadonlySet<string> = new Set([
  'lazy_static',
  'macro_rules',
  'thread_local',
  'include_str',
  'include_bytes',
  'stringify',
]);

/**
 * Macros read as values where they are used (names, labels, buckets), never searched for
 * registrations. `vec!` is not one: its elements may be registrations.
 */
export const VALUE_MACROS: ReadonlySet<string> = new Set([
  'opts',
  'histogram_opts',
  'labels',
  'hashmap',
  'btreemap',
  'concat',
  'concatcp',
  'env',
  'option_env',
  'format',
  'formatcp',
  'format_args',
  'stringify',
  'include_str',
  'include_bytes',
]);

/**
 * Macros read as values inside other macros' arguments, re-parsed in the same batch as their parent:
 * the value macros whose arguments can name a metric, and `vec!` (label lists, buckets).
 */
export const NESTED_VALUE_MACROS: ReadonlySet<string> = new Set(['opts', 'histogram_opts', 'labels', 'hashmap', 'btreemap', 'vec', 'concat', 'concatcp', 'env']);

/**
 * Well-known macros of std, logging and error crates: never a project's metric wrapper, so the
 * extractor does not read their calls as wrapper calls, and the prefilter does not count a string
 * literal in them as a possible metric name.
 */
export const FOREIGN_MACROS: ReadonlySet<string> = new Set([
  'println', 'print', 'eprintln', 'eprint', 'write', 'writeln', 'panic', 'assert', 'assert_eq', 'assert_ne',
  'debug_assert', 'debug_assert_eq', 'debug_assert_ne', 'unreachable', 'todo', 'unimplemented', 'dbg', 'vec',
  'matches', 'include', 'cfg', 'compile_error', 'info', 'warn', 'error', 'debug', 'trace', 'event', 'span',
  'info_span', 'warn_span', 'error_span', 'debug_span', 'trace_span', 'instrument', 'log', 'bail', 'ensure',
  'anyhow', 'format_err', 'eyre', 'json', 'select', 'join', 'try_join', 'pin', 'quote', 'quote_spanned',
  'parse_quote', 'query', 'query_as', 'query_scalar', 'html', 'regex', 'macro_rules', 'cfg_if', 'assert_matches',
]);
