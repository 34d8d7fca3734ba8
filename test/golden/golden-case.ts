/**
 * Golden cases: a folder per case with the commits of a repository, a command line and the expected
 * `--json` output (see README.md in this folder). This module reads a case, builds its repository with
 * the scenario builder and turns a run's output into the stable form `expected.json` holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScenario, type Scenario } from '../../src/demo/git-fixture.js';
import { applySteps, type ScenarioStep } from '../../src/demo/git-fixture-steps.js';

export const GOLDEN_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  readonly description: string;
  readonly steps: readonly ScenarioStep[];
  /** The command line after `provenance`, with `<repo>` and `<case>` still in it. */
  readonly args: readonly string[];
}

/** What `expected.json` holds. */
export interface GoldenResult {
  /** `<commit:N>` → the subject of the N-th commit the steps made. */
  readonly commits: Readonly<Record<string, string>>;
  readonly exitCode: number;
  /** The JSON document the command printed, normalised. */
  readonly stdout: unknown;
}

/** Every folder here with a `commits.json`, by name. */
export function goldenCaseNames(): string[] {
  return fs
    .readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(GOLDEN_DIR, entry.name, 'commits.json')))
    .map((entry) => entry.name)
    .sort();
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(raw: { [key: string]: Json }, key: string, where: string): string {
  const value = raw[key];
  if (typeof value !== 'string') throw new Error(`${where}: "${key}" must be a string`);
  return value;
}

function optionalText(raw: { [key: string]: Json }, key: string, where: string): string | undefined {
  return raw[key] === undefined ? undefined : text(raw, key, where);
}

export function readCase(name: string): GoldenCase {
  const dir = path.join(GOLDEN_DIR, name);
  const commitsFile = path.join(dir, 'commits.json');
  const manifest = readJson(commitsFile);
  if (!isObject(manifest) || !Array.isArray(manifest['steps'])) throw new Error(`${commitsFile}: expected { "description": ..., "steps": [...] }`);
  const steps = manifest['steps'].map((raw, i) => toStep(raw, dir, `${commitsFile} step ${i + 1}`));
  const argsFile = path.join(dir, 'args.json');
  const args = readJson(argsFile);
  if (!Array.isArray(args) || !args.every((a): a is string => typeof a === 'string')) throw new Error(`${argsFile}: expected an array of strings`);
  return { name, dir, description: typeof manifest['description'] === 'string' ? manifest['description'] : '', steps, args };
}

/** A step of `commits.json`: the scenario builder's steps, a commit's files read from its `dir`. */
function toStep(raw: Json, caseDir: string, where: string): ScenarioStep {
  if (!isObject(raw)) throw new Error(`${where}: expected an object`);
  switch (raw['kind']) {
    case 'commit': {
      const files: Record<string, string | null> = raw['dir'] === undefined ? {} : filesUnder(path.join(caseDir, text(raw, 'dir', where)));
      const deleted = raw['delete'] ?? [];
      if (!Array.isArray(deleted)) throw new Error(`${where}: "delete" must be an array of paths`);
      for (const file of deleted) {
        if (typeof file !== 'string') throw new Error(`${where}: "delete" must be an array of paths`);
        files[file] = null;
      }
      return { kind: 'commit', message: text(raw, 'message', where), files, author: optionalText(raw, 'author', where) };
    }
    case 'branch':
      return { kind: 'branch', name: text(raw, 'name', where), from: optionalText(raw, 'from', where) };
    case 'switch':
      return { kind: 'switch', ref: text(raw, 'ref', where) };
    case 'merge':
      return { kind: 'merge', ref: text(raw, 'ref', where), message: text(raw, 'message', where), noFastForward: raw['noFastForward'] === true };
    case 'tag':
      return { kind: 'tag', name: text(raw, 'name', where), ref: optionalText(raw, 'ref', where), message: optionalText(raw, 'message', where) };
    default:
      throw new Error(`${where}: "kind" must be commit, branch, switch, merge or tag`);
  }
}

/** The full content of every file under `root`, by repository path. */
function filesUnder(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

export interface BuiltCase {
  readonly repo: Scenario;
  /** Commit N (1-based) is `commits[N - 1]`: the N-th commit the steps made, merges included. */
  readonly commits: readonly string[];
  readonly subjects: readonly string[];
}

/** Builds the case's repository, one step at a time so that each new commit gets its number. */
export function buildCase(c: GoldenCase): BuiltCase {
  const repo = createScenario({ prefix: `provenance-golden-${c.name}-` });
  const commits: string[] = [];
  const subjects: string[] = [];
  try {
    for (const step of c.steps) {
      applySteps(repo, [step]);
      if (step.kind !== 'commit' && step.kind !== 'merge') continue;
      // A fast-forward merge makes no commit, so it takes no number.
      const head = repo.sha('HEAD');
      if (commits.includes(head)) continue;
      commits.push(head);
      subjects.push(step.message);
    }
  } catch (error) {
    repo.cleanup();
    throw error;
  }
  return { repo, commits, subjects };
}

/** The command line with the repository and case folder put in. */
export function commandLine(c: GoldenCase, repoDir: string): string[] {
  return c.args.map((arg) => arg.split('<repo>').join(repoDir).split('<case>').join(c.dir));
}

export interface Placeholders {
  readonly repoDir: string;
  readonly caseDir: string;
  readonly commits: readonly string[];
}

const HEX_RUN = /(?<![0-9a-f])[0-9a-f]{7,40}(?![0-9a-f])/g;

/**
 * One string with its volatile parts replaced: the repository's path by `<repo>`, the case folder's by
 * `<case>`, a commit's full SHA by `<commit:N>` and an abbreviation of it (7 to 39 hex digits, as
 * texts print them) by `<commit:N:LENGTH>`. Hex runs that are no commit's prefix stay as they are.
 */
export function normaliseText(value: string, p: Placeholders): string {
  const paths = value.split(p.repoDir).join('<repo>').split(p.caseDir).join('<case>');
  return paths.replace(HEX_RUN, (hex) => {
    const matches = p.commits.flatMap((sha, i) => (sha.startsWith(hex) ? [i + 1] : []));
    if (matches.length !== 1) return hex;
    return hex.length === 40 ? `<commit:${matches[0]}>` : `<commit:${matches[0]}:${hex.length}>`;
  });
}

/** Every string in `value`, object keys included, normalised; everything else as it is. */
export function normalise(value: unknown, p: Placeholders): unknown {
  if (typeof value === 'string') return normaliseText(value, p);
  if (Array.isArray(value)) return value.map((v) => normalise(v, p));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseText(k, p), normalise(v, p)]));
  }
  return value;
}

export function goldenResult(built: BuiltCase, caseDir: string, run: { readonly code: number; readonly stdout: string; readonly stderr: string }): GoldenResult {
  let document: unknown;
  try {
    document = JSON.parse(run.stdout);
  } catch {
    throw new Error(`the command printed no JSON document (exit ${run.code}); stderr:\n${run.stderr}\nstdout:\n${run.stdout}`);
  }
  const placeholders = { repoDir: built.repo.dir, caseDir, commits: built.commits };
  return {
    commits: Object.fromEntries(built.subjects.map((subject, i) => [`<commit:${i + 1}>`, subject])),
    exitCode: run.code,
    stdout: normalise(document, placeholders),
  };
}

export function expectedPath(c: GoldenCase): string {
  return path.join(c.dir, 'expected.json');
}

export function writeExpected(c: GoldenCase, result: GoldenResult): void {
  fs.writeFileSync(expectedPath(c), `${JSON.stringify(result, null, 2)}\n`);
}

export function readExpected(c: GoldenCase): GoldenResult | null {
  const file = expectedPath(c);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as GoldenResult) : null;
}
