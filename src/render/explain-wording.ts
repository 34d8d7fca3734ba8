import type { Verdict } from '../analyses/explain.js';

/** Other refs named after the suggested one in the verdict. */
const OTHERS_LISTED = 3;

/** The only-in verdict in words: the text prints it, the JSON carries it as `summary`, the incident page shows it. */
export function onlyInPhrase(v: Extract<Verdict, { kind: 'only-in' }>): string {
  // The analysis orders the refs as advice: default branch, newer releases, other branches.
  const [suggested, ...others] = v.refs;
  if (!suggested) return `not in ${v.ref}`;
  const listed = others.slice(0, OTHERS_LISTED).map((r) => `${r.ref}, ${r.ahead} ahead`);
  if (others.length > OTHERS_LISTED) listed.push(`and ${others.length - OTHERS_LISTED} more`);
  const also = listed.length > 0 ? ` (also in ${listed.join('; ')})` : '';
  return `exists only in ${suggested.ref}, ${suggested.ahead} commit${suggested.ahead === 1 ? '' : 's'} ahead of ${v.ref}${also}`;
}
