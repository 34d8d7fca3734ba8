/**
 * The name under which metrics-exporter-prometheus exposes a `metrics` facade key. The facade accepts
 * any string (`"db.query.count"`); the exporter rewrites it when it renders `/metrics`, and the rule
 * changed over its releases (read from metrics-rs/metrics, metrics-exporter-prometheus):
 *
 * - 0.1–0.4 (`recorder.rs`, `key_to_parts`): only `.`, `=`, `{`, `}`, `+` and `-` become `_`;
 * - 0.5–0.7 (`common.rs`, `sanitize_key_name`): every character but a Unicode letter or digit, `_`
 *   and `:` becomes `_`;
 * - 0.8–0.9 (`sanitize_metric_name`): `replacen(invalid_start, "_", 1)` then `replace(invalid, "_")`,
 *   so the first character that may not *start* a name becomes `_` wherever it is (`s3.x` → `s__x`),
 *   then every character outside `[a-zA-Z0-9_:]`;
 * - 0.10 and later (`formatting.rs`): the first character outside `[a-zA-Z_:]`, and every later one
 *   outside `[a-zA-Z0-9_:]`, becomes `_`, one `_` per character.
 *
 * Counters get no `_total` and no unit suffix unless the exporter is built with
 * `with_recommended_naming` / `set_enable_unit_suffix` (both off by default), which code reading cannot
 * see; names are given without them.
 */
import type { CrateInfo } from './crate-layout.js';

export type FacadeNameRule = 'exporter-0.1' | 'exporter-0.5' | 'exporter-0.8' | 'exporter-0.10';

/** The one dependency whose version requirement changes what a metric is called. */
export const EXPORTER = 'metrics-exporter-prometheus';

/** The rule of the newest releases, used when no Cargo.toml of the tree names the exporter's version. */
export const CURRENT_RULE: FacadeNameRule = 'exporter-0.10';

const START = /[a-zA-Z_:]/;
const REST = /[a-zA-Z0-9_:]/;
const EARLY = /[.={}+-]/g;
const UNICODE_WORD = /[\p{L}\p{N}_:]/u;

/** The exposed name of `written` under `rule`; Rust strings are iterated by `char`, as here by code point. */
export function exposedFacadeName(written: string, rule: FacadeNameRule = CURRENT_RULE): string {
  const chars = [...written];
  switch (rule) {
    case 'exporter-0.1':
      return written.replace(EARLY, '_');
    case 'exporter-0.5':
      return chars.map((c) => (UNICODE_WORD.test(c) ? c : '_')).join('');
    case 'exporter-0.8': {
      const first = chars.findIndex((c) => !START.test(c));
      if (first !== -1) chars[first] = '_';
      return chars.map((c) => (REST.test(c) ? c : '_')).join('');
    }
    case 'exporter-0.10':
      return chars.map((c, i) => ((i === 0 ? START : REST).test(c) ? c : '_')).join('');
  }
}

/** `"0.12"`, `"^0.12.1"`, `"=0.7.0"`, `">=0.8, <0.10"`: the lowest `major.minor` the requirement allows. */
function minorOf(requirement: string): [number, number] | null {
  const match = /(\d+)(?:\.(\d+))?/.exec(requirement);
  if (match === null) return null;
  return [Number(match[1]), Number(match[2] ?? 0)];
}

function ruleOfRequirement(requirement: string | undefined): FacadeNameRule | null {
  const version = requirement === undefined ? null : minorOf(requirement);
  if (version === null) return null;
  const [major, minor] = version;
  if (major > 0 || minor >= 10) return 'exporter-0.10';
  if (minor >= 8) return 'exporter-0.8';
  if (minor >= 5) return 'exporter-0.5';
  return 'exporter-0.1';
}

function exporterRequirement(crate: CrateInfo): string | undefined {
  for (const dependency of crate.dependencies.values()) {
    if (dependency.packageName === EXPORTER && !dependency.local) return dependency.version;
  }
  return undefined;
}

/**
 * Which release's rule names the metrics of `crate`: the exporter version its own Cargo.toml asks for,
 * else that of a crate of the tree depending on it (the binary that installs the exporter), else any
 * crate of the tree with the exporter; else the current rule. The version matters only for names with
 * characters the rules treat differently (non-ASCII letters, digits before the first `.`, `/`, spaces).
 */
export function facadeNameRule(crate: CrateInfo | null, crates: readonly CrateInfo[]): FacadeNameRule {
  // Asked for every file resolved; a layout's crates answer the same each time.
  let byCrate = rules.get(crates);
  if (byCrate === undefined) rules.set(crates, (byCrate = new Map()));
  let rule = byCrate.get(crate);
  if (rule === undefined) byCrate.set(crate, (rule = ruleFor(crate, crates)));
  return rule;
}

const rules = new WeakMap<readonly CrateInfo[], Map<CrateInfo | null, FacadeNameRule>>();

function ruleFor(crate: CrateInfo | null, crates: readonly CrateInfo[]): FacadeNameRule {
  const own = crate === null ? undefined : exporterRequirement(crate);
  if (own !== undefined) return ruleOfRequirement(own) ?? CURRENT_RULE;
  const sorted = [...crates].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const dependents = crate === null ? [] : sorted.filter((c) => c.dependencies.get(crate.name)?.local === true);
  for (const candidate of [...dependents, ...sorted]) {
    const requirement = exporterRequirement(candidate);
    if (requirement !== undefined) return ruleOfRequirement(requirement) ?? CURRENT_RULE;
  }
  return CURRENT_RULE;
}
