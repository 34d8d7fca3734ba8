/**
 * Which statics a static's initialiser reads, from its text. A derived static
 * (`SQL_ELAPSED = QUERY_ELAPSED.with_label_values(&["sql"])`) forces the one it reads when it is itself
 * forced or used, so start-up analysis follows these reads like calls.
 */

/** String, char and comment text, blanked so that names inside them are not read as paths. */
const NOISE = /r(#*)"[\s\S]*?"\1|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
/** An UPPER_CASE path, not part of a longer identifier and not a macro call. */
const STATIC_PATH = /(?<![\w:])((?:[A-Za-z_]\w*::)*[A-Z][A-Z0-9_]*)(?![\w!])/g;

function blanked(text: string): string {
  return text.replace(NOISE, (match) => ' '.repeat(match.length));
}

/** A path to an UPPER_CASE name in some text, with its offset. */
export interface StaticMention {
  readonly path: string[];
  readonly offset: number;
}

/** Every UPPER_CASE path in `text` outside strings and comments, once each, in order; `$crate::` reads as `crate::`. */
export function staticMentionsIn(text: string, own = ''): StaticMention[] {
  const seen = new Set<string>();
  const mentions: StaticMention[] = [];
  for (const match of blanked(text).matchAll(STATIC_PATH)) {
    const written = match[1] as string;
    const path = written.split('::');
    const last = path[path.length - 1] as string;
    // One letter is a generic parameter (`T`), not a static.
    if (last.length < 2 || written === own || seen.has(written)) continue;
    seen.add(written);
    mentions.push({ path, offset: match.index });
  }
  return mentions;
}

/** The UPPER_CASE paths an initialiser reads, each once, in order; `own` (the static itself) is left out. */
export function staticReadsIn(initialiser: string, own: string): string[][] {
  return staticMentionsIn(initialiser, own).map((m) => m.path);
}

/** `static ref NAME: Type = init;` entries of a `lazy_static!` body that read other statics. */
export function lazyStaticsIn(body: string): { name: string; reads: string[][] }[] {
  const text = blanked(body);
  const out: { name: string; reads: string[][] }[] = [];
  const header = /\bstatic\s+ref\s+([A-Za-z_]\w*)\s*:/g;
  for (let match = header.exec(text); match !== null; match = header.exec(text)) {
    const name = match[1] as string;
    const start = initialiserStart(text, header.lastIndex);
    if (start === -1) continue;
    const end = statementEnd(text, start);
    const reads = staticReadsIn(text.slice(start, end), name);
    if (reads.length > 0) out.push({ name, reads });
    header.lastIndex = end;
  }
  return out;
}

/** After the type: the first `=` at bracket depth 0 that is not part of `==`, `=>`, `<=`. */
function initialiserStart(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '-')) depth--;
    else if (c === ';') return -1;
    else if (c === '=' && depth <= 0 && text[i + 1] !== '=' && text[i + 1] !== '>') return i + 1;
  }
  return -1;
}

/** The `;` ending a statement that starts at `from`, at bracket depth 0 (or the end of the text). */
function statementEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth <= 0) return i;
  }
  return text.length;
}
