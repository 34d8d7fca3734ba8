import { describe, expect, it } from 'vitest';
import type { Explanation, RefDefining, Verdict } from '../../src/analyses/explain.js';
import { describeCommit, shortSha } from '../../src/render/commit-infos.js';
import { renderExplainJson } from '../../src/render/explain-json.js';
import { renderExplainText } from '../../src/render/explain-text.js';
import { onlyInPhrase } from '../../src/render/explain-wording.js';
import { commitInfos, definition, definitionJson, NO_INFOS, resultOf, sha } from './render-inputs.js';

const ERRORS = definition('svc_errors_total', { line: 8, static: 'ERRORS', help: 'Errors' });
const INFOS = commitInfos([
  [sha(2), 'Count errors'],
  [sha(3), 'Merge feature'],
  [sha(5), 'Drop errors'],
]);

function explanation(fields: Partial<Explanation> = {}): Explanation {
  return {
    query: 'svc_errors_total',
    name: 'svc_errors_total',
    matchedVia: 'name',
    definition: ERRORS,
    definedIn: [],
    sites: [],
    defaultBranch: 'main',
    removedFrom: [],
    introductions: [],
    merges: [],
    verdict: null,
    uncertain: false,
    closest: [],
    ...fields,
  };
}

const refDefining = (ref: string, commit: string, ahead: number | null, behind: number | null, mergeBase: string | null = null): RefDefining => ({
  ref,
  commit,
  definitions: [ERRORS],
  ahead,
  behind,
  mergeBase,
});

describe('describeCommit and shortSha', () => {
  it('a known commit: ten hex digits, its subject quoted, author and day; an unknown one: the digits alone', () => {
    expect(shortSha(sha(2))).toBe('2222222222');
    expect(describeCommit(sha(2), INFOS)).toBe('2222222222  "Count errors"  Ada Lovelace  2024-01-01');
    expect(describeCommit(sha(9), INFOS)).toBe('9999999999');
  });

  it('escapes control characters of the subject', () => {
    expect(describeCommit(sha(2), commitInfos([[sha(2), 'evil\u001b]8;;x\u0007 subject']]))).toBe('2222222222  "evil\\u001b]8;;x\\u0007 subject"  Ada Lovelace  2024-01-01');
  });
});

describe('renderExplainText', () => {
  it('deployed: the definition site with its refs, the introduction and where it landed, the merge, and the verdict', () => {
    const e = explanation({
      definedIn: [refDefining('main', sha(3), 0, 0), refDefining('v1.1', sha(3), 0, 0)],
      sites: [{ path: 'src/metrics.rs', static: 'ERRORS', definition: ERRORS, lines: [8], refs: ['main', 'v1.1'] }],
      introductions: [{ commit: sha(2), definition: ERRORS, atShallowBoundary: false, landedOn: 'main' }],
      merges: [{ commit: sha(3), into: 'main', fromParent: sha(2) }],
      verdict: { kind: 'deployed', ref: 'v1.1', definitions: [ERRORS] },
    });
    expect(renderExplainText(e, INFOS)).toBe(
      [
        'svc_errors_total   int_counter   "Errors"',
        '  defined in     src/metrics.rs:8   static ERRORS (lazy_static)',
        '                 on main, v1.1',
        '  introduced by  2222222222  "Count errors"  Ada Lovelace  2024-01-01   landed on main via 2222222222',
        '  merged         into main by 3333333333  "Merge feature"  Ada Lovelace  2024-01-02',
        '  deployed v1.1  defined at src/metrics.rs:8',
        '  verdict        deployed in v1.1',
        '',
      ].join('\n'),
    );
  });

  it('only in a branch: what the deployed ref lacks, how far ahead the branch is, and the other refs', () => {
    const verdict: Verdict = {
      kind: 'only-in',
      ref: 'v1.0',
      refs: [refDefining('feature/x', sha(4), 3, 1, sha(6)), refDefining('feature/y', sha(7), 1, 0, sha(6))],
    };
    const sites = [{ path: 'src/metrics.rs', static: 'ERRORS', definition: ERRORS, lines: [8], refs: ['feature/x', 'feature/y'] }];
    const text = renderExplainText(explanation({ verdict, sites, definedIn: verdict.refs }), NO_INFOS);
    expect(text).toBe(
      [
        'svc_errors_total   int_counter   "Errors"',
        '  defined in     src/metrics.rs:8   static ERRORS (lazy_static)',
        '                 on feature/x, feature/y',
        '  deployed v1.0  NOT DEFINED — feature/x is 3 commits ahead of v1.0 (1 behind), merge-base 6666666666',
        '  verdict        exists only in feature/x, 3 commits ahead of v1.0 (also in feature/y, 1 ahead)',
        '',
      ].join('\n'),
    );
  });

  it('removed: the refs it was removed from grouped by the removing commit, and the verdict names that commit', () => {
    const e = explanation({
      removedFrom: [
        { ref: 'main', removedBy: sha(5) },
        { ref: 'v2.0', removedBy: sha(5) },
        { ref: 'old', removedBy: null },
      ],
      verdict: { kind: 'removed', ref: 'v2.0', removedBy: sha(5) },
    });
    expect(renderExplainText(e, INFOS)).toBe(
      [
        'svc_errors_total   int_counter   "Errors"',
        '  defined in     no branch or tag defines it now',
        '  removed from   main, v2.0 by 5555555555  "Drop errors"  Ada Lovelace  2024-01-03',
        '  removed from   old',
        '  deployed v2.0  NOT DEFINED',
        '  verdict        removed from v2.0 by 5555555555  "Drop errors"  Ada Lovelace  2024-01-03',
        '',
      ].join('\n'),
    );
  });

  it('a series query, a site whose line moved across refs, a shallow boundary, a label as long as the column, uncertainty', () => {
    const histogram = definition('svc_latency_seconds', { kind: 'histogram', help: null, static: 'LATENCY', holder: 'once_cell::Lazy', line: 10 });
    const e = explanation({
      query: 'svc_latency_seconds_bucket',
      name: 'svc_latency_seconds',
      matchedVia: 'series',
      definition: histogram,
      sites: [{ path: 'src/metrics.rs', static: 'LATENCY', definition: histogram, lines: [10, 14], refs: ['main', 'release/2024-01'] }],
      introductions: [{ commit: sha(2), definition: histogram, atShallowBoundary: true, landedOn: null }],
      verdict: { kind: 'deployed', ref: 'release/2024-01', definitions: [histogram, { ...histogram, line: 14 }] },
      uncertain: true,
    });
    expect(renderExplainText(e, INFOS)).toBe(
      [
        'svc_latency_seconds   histogram',
        '  matched        svc_latency_seconds_bucket is a series of svc_latency_seconds',
        '  defined in     src/metrics.rs:10   static LATENCY (once_cell::Lazy)   (lines 10–14 across these refs)',
        '                 on main, release/2024-01',
        '  introduced     introduced at or before 2222222222 (shallow clone: older history is not here)',
        '  deployed release/2024-01  defined at src/metrics.rs:10, src/metrics.rs:14',
        '  verdict        deployed in release/2024-01',
        '  note           some blobs are missing (partial clone); these facts may be incomplete',
        '',
      ].join('\n'),
    );
  });

  it('a name never defined: one line, with the closest names when there are any', () => {
    const never = explanation({ query: 'svc_eror_total', name: null, matchedVia: null, definition: null, verdict: { kind: 'never-defined', closest: ['svc_error_total'] }, closest: ['svc_error_total'] });
    expect(renderExplainText(never, NO_INFOS)).toBe('svc_eror_total   never defined in any branch, remote-tracking branch or tag; closest defined names: svc_error_total\n');
    expect(renderExplainText({ ...never, closest: [] }, NO_INFOS)).toBe('svc_eror_total   never defined in any branch, remote-tracking branch or tag\n');
  });

  it('the never-defined verdict of a known name that no ref can be asked about', () => {
    const text = renderExplainText(explanation({ verdict: { kind: 'never-defined', closest: ['svc_error_total', 'svc_errs_total'] } }), NO_INFOS);
    expect(text.split('\n').at(-2)).toBe('  verdict        never defined; did you mean svc_error_total, svc_errs_total?');
  });
});

describe('onlyInPhrase', () => {
  const ref = (name: string, ahead: number) => refDefining(name, sha(4), ahead, 0);
  it('names the first ref, then at most three others and how many more', () => {
    const refs = [ref('main', 1), ref('a', 2), ref('b', 3), ref('c', 4), ref('d', 5), ref('e', 6)];
    expect(onlyInPhrase({ kind: 'only-in', ref: 'v1', refs })).toBe('exists only in main, 1 commit ahead of v1 (also in a, 2 ahead; b, 3 ahead; c, 4 ahead; and 2 more)');
  });

  it('with no ref at all says only what is missing', () => {
    expect(onlyInPhrase({ kind: 'only-in', ref: 'v1', refs: [] })).toBe('not in v1');
  });
});

describe('renderExplainJson', () => {
  it('maps every part of the explanation into the contract, commits with their subjects (null when unknown)', () => {
    const only = refDefining('feature/x', sha(4), 3, 1, sha(6));
    const e = explanation({
      definedIn: [only],
      sites: [{ path: 'src/metrics.rs', static: 'ERRORS', definition: ERRORS, lines: [8], refs: ['feature/x'] }],
      removedFrom: [{ ref: 'v0.9', removedBy: null }],
      introductions: [{ commit: sha(2), definition: ERRORS, atShallowBoundary: false, landedOn: null }],
      merges: [{ commit: sha(9), into: 'main', fromParent: sha(2) }],
      verdict: { kind: 'only-in', ref: 'v1.0', refs: [only] },
    });
    const onlyJson = { ref: 'feature/x', commit: sha(4), ahead: 3, behind: 1, mergeBase: sha(6), definitions: [definitionJson('svc_errors_total', { line: 8, static: 'ERRORS', help: 'Errors' })] };
    expect(resultOf(renderExplainJson(e, INFOS), 'explain')).toEqual({
      query: 'svc_errors_total',
      name: 'svc_errors_total',
      matchedVia: 'name',
      definition: definitionJson('svc_errors_total', { line: 8, static: 'ERRORS', help: 'Errors' }),
      defaultBranch: 'main',
      definedIn: [onlyJson],
      sites: [{ path: 'src/metrics.rs', static: 'ERRORS', line: 8, lines: [8], refs: ['feature/x'] }],
      removedFrom: [{ ref: 'v0.9', removedBy: null }],
      introductions: [{ commit: { sha: sha(2), subject: 'Count errors', author: 'Ada Lovelace', date: '2024-01-01T10:00:00+00:00' }, atShallowBoundary: false, landedOn: null }],
      merges: [{ commit: { sha: sha(9), subject: null, author: null, date: null }, into: 'main', fromParent: sha(2) }],
      verdict: { kind: 'only-in', ref: 'v1.0', refs: [onlyJson], removedBy: null, closest: [], summary: 'exists only in feature/x, 3 commits ahead of v1.0' },
      uncertain: false,
      closest: [],
    });
  });

  it('a name never defined, without a deployed ref: null definition and verdict fields; --prometheus evidence is added when given', () => {
    const never = explanation({ query: 'svc_x', name: null, matchedVia: null, definition: null, defaultBranch: null, verdict: { kind: 'never-defined', closest: ['svc_y'] }, closest: ['svc_y'] });
    expect(resultOf(renderExplainJson(never, NO_INFOS, { url: 'http://prometheus:9090' }), 'explain')).toEqual({
      query: 'svc_x',
      name: null,
      matchedVia: null,
      definition: null,
      defaultBranch: null,
      definedIn: [],
      sites: [],
      removedFrom: [],
      introductions: [],
      merges: [],
      verdict: { kind: 'never-defined', ref: null, refs: [], removedBy: null, closest: ['svc_y'], summary: null },
      uncertain: false,
      closest: ['svc_y'],
      prometheus: { url: 'http://prometheus:9090' },
    });
    expect(resultOf(renderExplainJson(explanation(), NO_INFOS), 'explain')).toMatchObject({ verdict: null });
  });

  it('removed: the removing commit in the verdict', () => {
    const json = resultOf(renderExplainJson(explanation({ verdict: { kind: 'removed', ref: 'v2', removedBy: sha(5) } }), INFOS), 'explain') as { verdict: unknown };
    expect(json.verdict).toEqual({
      kind: 'removed',
      ref: 'v2',
      refs: [],
      removedBy: { sha: sha(5), subject: 'Drop errors', author: 'Ada Lovelace', date: '2024-01-03T10:00:00+00:00' },
      closest: [],
      summary: null,
    });
  });
});
