import Parser from 'tree-sitter';
import Rust from 'tree-sitter-rust';

export type SyntaxNode = Parser.SyntaxNode;
export type SyntaxTree = Parser.Tree;

let shared: Parser | undefined;

function rustParser(): Parser {
  if (shared === undefined) {
    const parser = new Parser();
    // tree-sitter-rust's typings declare `language: unknown`; the runtime object is the real Language.
    parser.setLanguage(Rust as unknown as Parser.Language);
    shared = parser;
  }
  return shared;
}

/** Parses Rust text. The native binding copies input into a fixed UTF-16 buffer (32 KiB by default), so size it to the text. */
export function parseRust(text: string): SyntaxTree {
  return rustParser().parse(text, undefined, { bufferSize: text.length + 1 });
}
