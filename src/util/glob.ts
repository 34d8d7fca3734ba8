/**
 * Path globs: `*` within a segment, `**` across segments (`**` followed by `/` also matches no
 * directory at all), `?` one character but `/`, `{a,b}` alternatives. Matching simulates the pattern
 * as an automaton, in time proportional to pattern length times text length, so no glob (say one with
 * a hundred `**` segments) can make it backtrack for seconds.
 */

type Token =
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'one' }
  | { readonly kind: 'star' }
  | { readonly kind: 'globstar' }
  /** `**` followed by `/`: any number of whole directories, including none. */
  | { readonly kind: 'dirs' };

/** More alternatives than this from `{..}` is a mistake, not a glob. */
const MAX_ALTERNATIVES = 256;

/** Why a glob cannot be used, or null. */
export function globProblem(glob: string): string | null {
  let depth = 0;
  for (const c of glob) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return `unbalanced } in ${JSON.stringify(glob)}`;
  }
  if (depth !== 0) return `unbalanced { in ${JSON.stringify(glob)}`;
  if (expandBraces(glob).length > MAX_ALTERNATIVES) return `${JSON.stringify(glob)} expands to more than ${MAX_ALTERNATIVES} alternatives`;
  return null;
}

/** `a{b,c{d,e}}` → `ab`, `acd`, `ace`; stops growing past the limit. */
function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open === -1) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close === -1) return [glob];
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length && out.length <= MAX_ALTERNATIVES; k++) {
    const option = glob.slice((bounds[k] as number) + 1, bounds[k + 1]);
    for (const rest of expandBraces(`${glob.slice(0, open)}${option}${glob.slice(close + 1)}`)) {
      out.push(rest);
      if (out.length > MAX_ALTERNATIVES) break;
    }
  }
  return out;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      tokens.push({ kind: slash ? 'dirs' : 'globstar' });
      i += slash ? 2 : 1;
    } else if (c === '*') tokens.push({ kind: 'star' });
    else if (c === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

/** Adds `at` and every position reachable from it without reading a character. */
function addClosed(tokens: readonly Token[], states: Set<number>, at: number): void {
  for (let t = at; !states.has(t); t++) {
    states.add(t);
    const kind = tokens[t]?.kind;
    if (kind !== 'star' && kind !== 'globstar' && kind !== 'dirs') return;
  }
}

function matchesTokens(tokens: readonly Token[], text: string): boolean {
  let states = new Set<number>();
  addClosed(tokens, states, 0);
  for (const c of text) {
    const next = new Set<number>();
    for (const t of states) {
      const token = tokens[t];
      if (token === undefined) continue;
      switch (token.kind) {
        case 'char':
          if (token.char === c) addClosed(tokens, next, t + 1);
          break;
        case 'one':
          if (c !== '/') addClosed(tokens, next, t + 1);
          break;
        case 'star':
          if (c !== '/') addClosed(tokens, next, t);
          break;
        case 'globstar':
          addClosed(tokens, next, t);
          break;
        case 'dirs':
          addClosed(tokens, next, t);
          if (c === '/') addClosed(tokens, next, t + 1);
          break;
      }
    }
    if (next.size === 0) return false;
    states = next;
  }
  return states.has(tokens.length);
}

/** A matcher for a glob that `globProblem` accepts. */
export function globMatcher(glob: string): (text: string) => boolean {
  const alternatives = expandBraces(glob).map(tokenize);
  return (text) => alternatives.some((tokens) => matchesTokens(tokens, text));
}

/** A bare directory (`crates/ingester`) matches everything under it, as users expect from a path argument. */
export function pathMatcher(glob: string): (path: string) => boolean {
  const cleaned = glob.replace(/^\.\//, '').replace(/\/$/, '');
  const matches = globMatcher(cleaned);
  return (path) => matches(path) || path.startsWith(`${cleaned}/`);
}
