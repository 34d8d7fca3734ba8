import type { Diagnostic, RawRegistration } from '../facts.js';
import type { LineIndex, Position } from '../syntax/line-index.js';
import type { MacroArguments } from '../syntax/macro-arguments.js';
import { startOf, type Located, type View } from '../syntax/view.js';

/** State shared by the extraction of one blob. */
export interface Extraction {
  readonly text: string;
  /**
   * Whether the text may build options: they are read only from `opts!`, `histogram_opts!`, `Opts`
   * and `HistogramOpts` (see `mayBuildOpts`), so in a file without them no argument is worth reading
   * as options, nor a local it names looked up.
   */
  readonly mentionsOpts: boolean;
  readonly lines: LineIndex;
  readonly fileView: View;
  readonly diagnostics: Diagnostic[];
  /** Re-parsed macro arguments by the macro's file offset; null when they could not be parsed. */
  readonly macroArguments: Map<number, MacroArguments | null>;
  /** `const`/`static` arrays of the file by name, for label names and buckets given as a constant. */
  readonly arrays: Map<string, ConstArray[]>;
  /** `const`/`static` numbers of the file by name (`const MINUTE: f64 = 60.0;`), for bucket arithmetic. */
  readonly numbers: Map<string, ConstNumber[]>;
  /** Where each registration was built, to find the function around it. */
  readonly registrationSites: Map<RawRegistration, Located>;
}

export interface ConstArray {
  readonly scope: readonly string[];
  readonly elements: readonly Located[];
}

export interface ConstNumber {
  readonly scope: readonly string[];
  readonly value: Located;
  /** Declared with an integer type: `/` truncates, as Rust's integer division does. */
  readonly integer: boolean;
}

export function positionOf(ex: Extraction, loc: Located): Position {
  return ex.lines.position(startOf(loc));
}

export function warn(ex: Extraction, loc: Located, message: string, quiet = false): void {
  const { line, column } = positionOf(ex, loc);
  ex.diagnostics.push(quiet ? { severity: 'warning', line, column, message, quiet } : { severity: 'warning', line, column, message });
}

/** The original file text of a node, also for nodes of re-parsed views. */
export function sourceText(ex: Extraction, loc: Located): string {
  const start = startOf(loc);
  return ex.text.slice(start, start + (loc.node.endIndex - loc.node.startIndex));
}
