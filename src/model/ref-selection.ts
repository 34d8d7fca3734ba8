import { InputFileError, UsageError } from '../errors.js';
import { globMatcher, globProblem } from '../util/glob.js';

/**
 * Which refs the history commands index: `main`, `release/*`, `v*` (globs on the short name a user
 * types: `*` stays within one `/` segment) or full names (`refs/remotes/origin/*`). Null: every branch,
 * remote-tracking branch and tag, as by default.
 */
export type RefSelection = readonly string[] | null;

// eslint-disable-next-line no-control-regex
const BAD_PATTERN = /[\s\u0000-\u001f\u007f]/;

function checkPattern(pattern: unknown, fail: (message: string) => never): string {
  if (typeof pattern !== 'string' || pattern === '' || BAD_PATTERN.test(pattern) || globProblem(pattern) !== null) {
    fail(`${JSON.stringify(pattern) ?? 'nothing'} is not a ref pattern; give a branch or tag name or glob such as "main", "release/*" or "v*"`);
  }
  return pattern;
}

/** `--only-refs` values, checked. */
export function refSelectionFromOptions(patterns: readonly string[]): RefSelection {
  if (patterns.length === 0) return null;
  return patterns.map((p) =>
    checkPattern(p, (message) => {
      throw new UsageError(`--only-refs: ${message}`);
    }),
  );
}

/** The `refs` list of a `provenance.json`: `{ "refs": ["main", "release/*", "v*"] }`; absent → null. */
export function parseRefSelection(text: string, where: string): RefSelection {
  const fail = (message: string): never => {
    throw new InputFileError(`${where}: ${message}`, 'PROVENANCE_BAD_CONFIG');
  };
  let parsed: unknown;
  try {
    // A byte order mark is how some editors start a UTF-8 file; JSON.parse rejects it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail('must hold a JSON object');
  const refs = (parsed as Record<string, unknown>)['refs'];
  if (refs === undefined) return null;
  if (!Array.isArray(refs) || refs.length === 0) fail(`"refs" must be a non-empty array of ref names or globs such as ["main", "v*"], got ${JSON.stringify(refs)}`);
  return (refs as unknown[]).map((p, i) => checkPattern(p, (message) => fail(`refs[${i}]: ${message}`)));
}

/** Whether a ref (full name, and the short name users type) is selected. */
export function refMatcher(selection: RefSelection): (fullName: string, shortName: string) => boolean {
  if (selection === null) return () => true;
  const tests = selection.map((pattern) => {
    const matches = globMatcher(pattern);
    return pattern.startsWith('refs/') ? (full: string) => matches(full) : (_full: string, short: string) => matches(short);
  });
  return (full, short) => tests.some((test) => test(full, short));
}
