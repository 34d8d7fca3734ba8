import type { Located, View } from './view.js';

/** One top-level, comma-separated argument of a macro invocation. */
export type MacroArgument =
  | { readonly kind: 'expression'; readonly value: Located }
  /** `"key" => value`, as in `labels!{..}` or `counter!("name", "key" => value)`. */
  | { readonly kind: 'pair'; readonly key: Located; readonly value: Located }
  /** `target: "x"`, as in `counter!(target: "x", "name")`. */
  | { readonly kind: 'named'; readonly name: string; readonly value: Located }
  | { readonly kind: 'unparsed'; readonly text: string };

export interface MacroArguments {
  /** The re-parse holding the argument nodes. */
  readonly view: View;
  readonly arguments: readonly MacroArgument[];
  readonly hasErrors: boolean;
}
