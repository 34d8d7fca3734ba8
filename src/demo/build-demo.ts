import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Scenario, ScenarioOptions } from './git-fixture.js';
import { buildScenario, type ScenarioStep } from './git-fixture-steps.js';

/** `fixtures/repos/demo/`: numbered commit directories plus `steps.json`; see its README for the story. */
export const DEMO_FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/repos/demo/', import.meta.url));
export const DEMO_DASHBOARD_PATH = fileURLToPath(new URL('../../fixtures/dashboards/demo-dashboard.json', import.meta.url));

/** Builds the demo repository in a temp dir; HEAD is left on main, as deployed. */
export function buildDemoRepository(options: ScenarioOptions = {}): Scenario {
  return buildScenario(loadDemoSteps(), { prefix: 'provenance-demo-', ...options });
}

/** Reads `steps.json` and each commit directory into scenario steps. */
export function loadDemoSteps(fixtureDir: string = DEMO_FIXTURE_DIR): ScenarioStep[] {
  const manifestPath = path.join(fixtureDir, 'steps.json');
  const manifest: unknown = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const rawSteps = isRecord(manifest) ? manifest['steps'] : undefined;
  if (!Array.isArray(rawSteps)) throw new Error(`${manifestPath}: expected { "steps": [...] }`);
  return rawSteps.map((raw: unknown, index) => toStep(raw, fixtureDir, `${manifestPath} step ${index + 1}`));
}

function toStep(raw: unknown, fixtureDir: string, where: string): ScenarioStep {
  if (!isRecord(raw)) throw new Error(`${where}: expected an object`);
  const kind = raw['kind'];
  switch (kind) {
    case 'commit': {
      const dir = requireString(raw, 'dir', where);
      const files: Record<string, string | null> = readTree(path.join(fixtureDir, dir));
      for (const deleted of optionalStringArray(raw, 'delete', where)) files[deleted] = null;
      return {
        kind,
        message: requireString(raw, 'message', where),
        files,
        author: optionalString(raw, 'author', where),
        committer: optionalString(raw, 'committer', where),
      };
    }
    case 'branch':
      return { kind, name: requireString(raw, 'name', where), from: optionalString(raw, 'from', where) };
    case 'switch':
      return { kind, ref: requireString(raw, 'ref', where) };
    case 'merge':
      return {
        kind,
        ref: requireString(raw, 'ref', where),
        message: requireString(raw, 'message', where),
        noFastForward: raw['noFastForward'] === true,
        author: optionalString(raw, 'author', where),
      };
    case 'tag':
      return {
        kind,
        name: requireString(raw, 'name', where),
        ref: optionalString(raw, 'ref', where),
        message: optionalString(raw, 'message', where),
      };
    default:
      throw new Error(`${where}: unknown step kind ${JSON.stringify(kind)}`);
  }
}

/** Every file under `root`, keyed by its '/'-separated path relative to `root`. */
function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // A checkout with core.autocrlf would otherwise change every blob and so every SHA.
      else files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8').replace(/\r\n/g, '\n');
    }
  };
  walk(root);
  if (Object.keys(files).length === 0) throw new Error(`${root}: a commit directory must hold at least one file`);
  return files;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(raw: Record<string, unknown>, key: string, where: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value === '') throw new Error(`${where}: "${key}" must be a non-empty string`);
  return value;
}

function optionalString(raw: Record<string, unknown>, key: string, where: string): string | undefined {
  return raw[key] === undefined ? undefined : requireString(raw, key, where);
}

function optionalStringArray(raw: Record<string, unknown>, key: string, where: string): string[] {
  const value = raw[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new Error(`${where}: "${key}" must be an array of strings`);
  }
  return value;
}
