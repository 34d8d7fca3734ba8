/**
 * `Intl.Collator('en', { numeric: true }).compare`, computed directly for printable ASCII. Creating
 * the first collator loads ICU's collation data, about 6 ms of every run that sorts ref names, while
 * ref names are nearly always ASCII. Any other text goes to the real collator, created on first need.
 * A property test checks the two agree.
 */

/** Printable ASCII other than digits and letters, in the collator's order. */
const PUNCTUATION_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
/** Digits compare by value, after all punctuation and before all letters. */
const DIGITS = PUNCTUATION_ORDER.length;
/** Letters compare without case first (`a` = `A` < `b`); case decides only between otherwise equal texts, lower first. */
const FIRST_LETTER = DIGITS + 1;
/** A digit run longer than this (leading zeros aside) is left to the collator, which splits long numbers its own way. */
const MAX_DIGITS = 30;

const primaryOf = new Int16Array(128).fill(-1);
for (let i = 0; i < PUNCTUATION_ORDER.length; i++) primaryOf[PUNCTUATION_ORDER.charCodeAt(i)] = i;
for (let c = 0x30; c <= 0x39; c++) primaryOf[c] = DIGITS;
for (let c = 0; c < 26; c++) {
  primaryOf[0x41 + c] = FIRST_LETTER + c;
  primaryOf[0x61 + c] = FIRST_LETTER + c;
}

let collator: Intl.Collator | null = null;

function collatorCompare(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true });
  return collator.compare(a, b);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isUpper(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/** The end of the digit run starting at `from`. */
function runEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return end;
}

/** The run's first digit once leading zeros are dropped (a run of zeros keeps its last one: zero is a value). */
function significantStart(text: string, from: number, end: number): number {
  let start = from;
  while (start < end - 1 && text.charCodeAt(start) === 0x30) start++;
  return start;
}

/** Negative, zero or positive as the collator would answer; null when the texts are outside what is computed here. */
function asciiCompare(a: string, b: string): number | null {
  let i = 0;
  let j = 0;
  // The first case difference, kept while the letters themselves decide nothing.
  let byCase = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const pa = ca < 128 ? (primaryOf[ca] as number) : -1;
    const pb = cb < 128 ? (primaryOf[cb] as number) : -1;
    if (pa < 0 || pb < 0) return null;
    if (pa === DIGITS && pb === DIGITS) {
      const endA = runEnd(a, i);
      const endB = runEnd(b, j);
      const startA = significantStart(a, i, endA);
      const startB = significantStart(b, j, endB);
      const lengthA = endA - startA;
      const lengthB = endB - startB;
      if (lengthA > MAX_DIGITS || lengthB > MAX_DIGITS) return null;
      if (lengthA !== lengthB) return lengthA - lengthB;
      for (let k = 0; k < lengthA; k++) {
        const d = a.charCodeAt(startA + k) - b.charCodeAt(startB + k);
        if (d !== 0) return d;
      }
      i = endA;
      j = endB;
      continue;
    }
    if (pa !== pb) return pa - pb;
    if (byCase === 0 && ca !== cb) byCase = isUpper(ca) ? 1 : -1;
    i++;
    j++;
  }
  // Whatever remains must still be ASCII for the answer to be the collator's.
  for (let k = i; k < a.length; k++) if (a.charCodeAt(k) >= 128 || (primaryOf[a.charCodeAt(k)] as number) < 0) return null;
  for (let k = j; k < b.length; k++) if (b.charCodeAt(k) >= 128 || (primaryOf[b.charCodeAt(k)] as number) < 0) return null;
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return byCase;
}

/** Compares as `Intl.Collator('en', { numeric: true })` does: `b2` before `b10`, `a` before `B`. */
export function numericCollationCompare(a: string, b: string): number {
  const fast = asciiCompare(a, b);
  return fast === null ? collatorCompare(a, b) : Math.sign(fast);
}
