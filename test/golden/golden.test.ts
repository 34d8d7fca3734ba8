/**
 * Runs every golden case in this folder (see README.md): builds its repository from `commits.json`,
 * runs the real CLI with `args.json`, normalises the JSON it prints and compares it with
 * `expected.json`. `PROVENANCE_UPDATE_GOLDEN=1` writes `expected.json` instead; review the diff.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { buildCase, commandLine, goldenCaseNames, goldenResult, normalise, normaliseText, readCase, readExpected, writeExpected } from './golden-case.js';

const UPDATE = process.env['PROVENANCE_UPDATE_GOLDEN'] === '1';
const CASES = goldenCaseNames();

describe('golden cases', () => {
  it('there are cases, and each asks for JSON', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(5);
    for (const name of CASES) {
      const args = readCase(name).args;
      expect(args.includes('--json') || args.join(' ').includes('--format json'), `${name}/args.json asks for --json`).toBe(true);
    }
  });

  for (const name of CASES) {
    it(name, async () => {
      const c = readCase(name);
      const built = buildCase(c);
      try {
        const actual = goldenResult(built, c.dir, await runCli(commandLine(c, built.repo.dir)));
        if (UPDATE) {
          writeExpected(c, actual);
          return;
        }
        const expected = readExpected(c);
        if (expected === null) throw new Error(`${name}/expected.json is missing: run this test with PROVENANCE_UPDATE_GOLDEN=1 to write it, then review it`);
        expect(actual).toEqual(expected);
      } finally {
        built.repo.cleanup();
      }
    });
  }
});

describe('normalising output', () => {
  const commits = ['1234567890abcdef1234567890abcdef12345678', 'abcdef0123456789abcdef0123456789abcdef01', 'abcdef0' + '9'.repeat(33)];
  const p = { repoDir: '/tmp/provenance-golden-x-AbC', caseDir: '/work/test/golden/x', commits };

  it('full SHAs become <commit:N>, abbreviations <commit:N:LENGTH>; other hex runs and ambiguous prefixes stay', () => {
    expect(normaliseText(`${commits[0]} and ${commits[1]}`, p)).toBe('<commit:1> and <commit:2>');
    expect(normaliseText('merge-base 1234567890 (abcdef0123)', p)).toBe('merge-base <commit:1:10> (<commit:2:10>)');
    expect(normaliseText('abcdef0 is both; deadbeefcafe is none; 123456 is too short', p)).toBe('abcdef0 is both; deadbeefcafe is none; 123456 is too short');
    expect(normaliseText(`https://example.com/c/${commits[2]}#x`, p)).toBe('https://example.com/c/<commit:3>#x');
  });

  it('paths of the repository and the case folder, in values and keys, at any depth', () => {
    expect(normalise({ [commits[0] as string]: ['/tmp/provenance-golden-x-AbC/src/a.rs', { file: '/work/test/golden/x/dashboard.json', n: 3, ok: null }] }, p)).toEqual({
      '<commit:1>': ['<repo>/src/a.rs', { file: '<case>/dashboard.json', n: 3, ok: null }],
    });
  });
});
