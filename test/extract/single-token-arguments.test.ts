import { afterEach, describe, expect, it } from 'vitest';
import { clearBlobScopedMaps } from '../../src/extract/syntax/blob-scoped.js';
import { parseRust, type SyntaxNode } from '../../src/extract/syntax/parser.js';
import { singleTokenArguments } from '../../src/extract/syntax/single-token-arguments.js';
import { parentOf, sameNode, type Located, type View } from '../../src/extract/syntax/view.js';

function macroIn(source: string): { macro: Located; tokenTree: SyntaxNode } {
  const tree = parseRust(source);
  const fileView: View = { tree, text: source, kind: 'file', delta: 0, container: tree.rootNode, host: null, macroName: null };
  const node = tree.rootNode.descendantsOfType('macro_invocation')[0];
  const tokenTree = node?.lastChild;
  if (node === undefined || tokenTree === null || tokenTree === undefined) throw new Error(`no macro in ${source}`);
  return { macro: { node, view: fileView }, tokenTree };
}

afterEach(clearBlobScopedMaps);

describe('singleTokenArguments', () => {
  it.each([
    ['literals and names', 'register_int_counter!("a_total", HELP, 1, 2.5, true, r#"raw"#, \'c\');', 7],
    ['a trailing comma', 'counter!("a_total",);', 1],
    ['brackets', 'vec![1, 2];', 2],
    ['no arguments', 'x!();', 0],
  ])('reads %s as expressions whose parent is the macro', (_name, source, count) => {
    const { macro, tokenTree } = macroIn(source);
    const read = singleTokenArguments(macro, tokenTree);
    expect(read?.arguments).toHaveLength(count);
    expect(read?.hasErrors).toBe(false);
    for (const argument of read?.arguments ?? []) {
      if (argument.kind !== 'expression') throw new Error(`unexpected ${argument.kind}`);
      const parent = parentOf(argument.value);
      expect(parent !== null && sameNode(parent, macro)).toBe(true);
    }
  });

  it.each([
    ['a pair', 'counter!("a", "k" => "v");'],
    ['a named argument', 'gauge!(target: "t", "g");'],
    ['an expression', 'register_int_counter_vec!("a", "b", &["x"]);'],
    ['a negative number', 'x!(-1);'],
    ['a keyword that the token tree calls a name', 'x!("a", yield);'],
    ['two tokens without a comma', 'x!("a" "b");'],
    ['a comment', 'x!("a", /* c */ "b");'],
    ['a missing closer', 'x!("a", "b"'],
  ])('leaves %s to a re-parse', (_name, source) => {
    const { macro, tokenTree } = macroIn(source);
    expect(singleTokenArguments(macro, tokenTree)).toBeNull();
  });
});
