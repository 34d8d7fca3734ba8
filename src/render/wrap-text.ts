/**
 * Line breaking that never cuts a name: lines break between words, and a word longer than a line (a
 * path) only after a slash or comma. A metric name has neither, so it always stays whole; a part longer
 * than the width overflows rather than being cut.
 */

/** A word's parts, each with the slashes and commas that end it: where an over-long word may break. */
function partsOf(word: string): string[] {
  return (word.match(/[^/,]*[/,]*/g) ?? []).filter((p) => p.length > 0);
}

function wordsOf(line: string): string[] {
  return line.split(' ').filter((w) => w.length > 0);
}

/**
 * The narrowest `text` can be wrapped to: its longest word, or with `breakWords` the longest part of
 * a word between slashes and commas (a metric name is one part either way).
 */
export function narrowestWidth(text: string, breakWords: boolean): number {
  let longest = 0;
  for (const line of text.split('\n')) {
    for (const word of wordsOf(line)) {
      for (const part of breakWords ? partsOf(word) : [word]) longest = Math.max(longest, part.length);
    }
  }
  return longest;
}

/** The widest line of `text` as it is. */
export function widthOf(text: string): number {
  return Math.max(0, ...text.split('\n').map((l) => l.length));
}

/**
 * `text` as lines of at most `width` characters, its own newlines kept. Lines break between words; a
 * word longer than a whole line (a long path) breaks after a slash or comma, never elsewhere.
 */
export function wrapLines(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, width));
}

function wrapLine(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of wordsOf(text)) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (joined.length <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    if (word.length <= width) {
      line = word;
      continue;
    }
    for (const part of partsOf(word)) {
      if (line !== '' && line.length + part.length > width) {
        lines.push(line);
        line = '';
      }
      line += part;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * A paragraph for a terminal `columns` wide: the first line after `indent`, the next ones after `indent`
 * and `hang` more spaces. Infinite `columns` (output to a pipe or file) keeps it on one line.
 */
export function wrapParagraph(text: string, columns: number, indent: number, hang = 2): string {
  const first = ' '.repeat(indent);
  if (!Number.isFinite(columns) || indent + text.length <= columns) return `${first}${text}\n`;
  const rest = ' '.repeat(indent + hang);
  // The first line has `hang` more room; wrapping all at the narrower width keeps this simple and never wider.
  const lines = wrapLines(text, Math.max(columns - indent - hang, 20));
  return lines.map((l, i) => `${i === 0 ? first : rest}${l}\n`).join('');
}
