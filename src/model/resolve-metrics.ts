import type { ConstDecl, RawRegistration, RawRegistry, StrExpr } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';
import { exposedFacadeName, facadeNameRule, type FacadeNameRule } from './facade-naming.js';
import type { Holder, MetricDefinition, UnresolvedRegistration } from './metric.js';
import { ModuleIndex, scopeOf, type SourceFile } from './module-index.js';
import { exposedSeries, fullyQualifiedName, isValidMetricName } from './naming.js';
import { registryOf } from './registry-links.js';
import { resolveString, type Resolved } from './resolve-strings.js';
import { NO_WRAPPER_CONFIG, type WrapperConfig } from './wrapper-config.js';
import { WrapperSet, type Wrapper } from './wrapper-set.js';
import { resolveTemplateStr, type TemplateStr } from './wrapper-template.js';

/** A wrapper of the tree and what its calls registered. */
export interface WrapperUse {
  readonly wrapper: Wrapper;
  /** Metrics registered through it (directly or through a wrapper of it), test code included. */
  readonly registrations: number;
  /** Calls through it whose name could not be computed. */
  readonly unresolved: number;
}

export interface CombinedResolution {
  readonly metrics: readonly MetricDefinition[];
  readonly unresolved: readonly UnresolvedRegistration[];
  readonly warnings: readonly string[];
}

export interface ResolvedMetrics extends CombinedResolution {
  readonly wrappers: readonly WrapperUse[];
}

/** A registration resolved within its file; test-module marking and `metrics` call-site merging come later. */
export interface ResolvedEntry {
  readonly def: MetricDefinition;
  readonly role: RawRegistration['role'];
  /** Module path of the registration (file module plus inline scope), for `#[cfg(test)] mod` marking. */
  readonly modulePath: readonly string[];
  readonly crate: CrateInfo | null;
}

export interface FileResolution {
  readonly entries: readonly ResolvedEntry[];
  readonly unresolved: readonly UnresolvedRegistration[];
  readonly warnings: readonly string[];
  /** Wrapper id → [registrations, unresolved] produced through it by this file's calls. */
  readonly wrapperCounts: Readonly<Record<string, readonly [number, number]>>;
}

export interface ResolutionContext {
  readonly index: ModuleIndex;
  /** Files searched for register calls and custom registries of the same crate. */
  readonly files: readonly SourceFile[];
  /** The tree's wrappers; a file's calls of them are registrations, their own inner registrations are not. */
  readonly wrappers: WrapperSet;
}

/** The wrappers of a tree (its functions and macros, and the configured ones). */
export function wrapperSetOf(files: readonly SourceFile[], crates: readonly CrateInfo[], config: WrapperConfig = NO_WRAPPER_CONFIG): WrapperSet {
  return new WrapperSet(files, crates, config, libraryMismatch);
}

/** Turns per-file registrations into exposed metrics, resolving names, registries and tests across the tree. */
export function resolveMetrics(files: readonly SourceFile[], crates: readonly CrateInfo[], config: WrapperConfig = NO_WRAPPER_CONFIG): ResolvedMetrics {
  const wrappers = wrapperSetOf(files, crates, config);
  const context: ResolutionContext = { index: new ModuleIndex(files, crates), files, wrappers };
  const results = files.map((file) => resolveFile(file, context));
  return { ...combineResolutions(results, files), wrappers: wrapperUses(wrappers, results) };
}

function wrapperUses(wrappers: WrapperSet, results: readonly FileResolution[]): WrapperUse[] {
  const counts = new Map<string, [number, number]>();
  for (const result of results) {
    for (const [id, [resolved, unresolved]] of Object.entries(result.wrapperCounts)) {
      const count = counts.get(id) ?? [0, 0];
      counts.set(id, [count[0] + resolved, count[1] + unresolved]);
    }
  }
  return wrappers.wrappers.map((wrapper) => {
    const [registrations, unresolved] = counts.get(wrapper.id) ?? [0, 0];
    return { wrapper, registrations, unresolved };
  });
}

/**
 * Whether resolving this file's registrations can need another file: a name from a const declared
 * elsewhere, a registry defined elsewhere, a construction registered elsewhere. Files that cannot are
 * resolved once per blob and reused across every commit that contains them (and the history walk
 * need not parse the files that hold only names and call sites).
 */
export function dependsOnOtherFiles(file: SourceFile): boolean {
  if (file.facts.registerCalls.length > 0 || file.facts.customRegistries.length > 0) return true;
  return file.facts.registrations.some(
    (r) =>
      r.registry.kind !== 'default' ||
      [r.name, r.namespace, r.subsystem, r.help, ...r.labels, ...r.constLabels.flatMap((c) => [c.name, c.value])].some(
        (e) => e !== null && needsOtherFiles(e, file, r.scope, 0),
      ),
  );
}

/** Constants that refer to constants: followed this deep within the file before calling it dependent. */
const MAX_LOCAL_DEPTH = 8;

function needsOtherFiles(expr: StrExpr, file: SourceFile, scope: readonly string[], depth: number): boolean {
  if (expr.kind === 'concat') return expr.parts.some((part) => needsOtherFiles(part, file, scope, depth));
  if (expr.kind !== 'const') return false;
  const local = depth < MAX_LOCAL_DEPTH ? localConstant(file, scope, expr.path) : undefined;
  return local === undefined || needsOtherFiles(local.value, file, scope, depth + 1);
}

/**
 * The constant a bare name means when this file declares it in the same module: name resolution
 * tries a module's own constants first (`findInModule`), and no other file declares items in that
 * module. Not for a crate root, whose namespace `lib.rs` and `main.rs` share here.
 */
function localConstant(file: SourceFile, scope: readonly string[], path: readonly string[]): ConstDecl | undefined {
  if (path.length !== 1 || file.module.modulePath.length === 0) return undefined;
  return file.facts.constants.find((c) => c.name === path[0] && c.scope.length === scope.length && c.scope.every((part, i) => part === scope[i]));
}

/** Where a registration is written: the registration itself, or the call of a wrapper. */
interface RegistrationSite {
  readonly line: number;
  readonly column: number;
  readonly static: string | null;
  readonly holder: Holder;
  readonly test: boolean;
  readonly expression: string;
  readonly scope: readonly string[];
}

/** The parts of a registration that resolution reads, with strings as written (`StrExpr`) or templated (`TemplateStr`). */
interface RegistrationStrings<S> {
  readonly library: MetricDefinition['library'];
  readonly kind: MetricDefinition['kind'];
  readonly vec: boolean;
  readonly name: S;
  readonly namespace: S | null;
  readonly subsystem: S | null;
  readonly help: S | null;
  readonly labels: readonly S[];
  readonly constLabels: readonly { readonly name: S; readonly value: S }[];
  readonly buckets: readonly number[] | null;
  readonly bucketsNotComputed?: string;
  readonly unit: string | null;
  readonly registry: RawRegistry;
  readonly role: RawRegistration['role'];
  readonly implType?: string;
}

export function resolveFile(file: SourceFile, context: ResolutionContext): FileResolution {
  const entries: ResolvedEntry[] = [];
  const unresolved: UnresolvedRegistration[] = [];
  const warnings: string[] = [];
  const wrapperCounts: Record<string, [number, number]> = {};
  const wrapping = context.wrappers.wrappingOf(file);
  const naming = facadeNameRule(file.module.crate, context.index.crates);
  const add = <S>(reg: RegistrationStrings<S>, resolve: (str: S) => Resolved, site: RegistrationSite, through: string): boolean => {
    const resolved = resolveRegistration(reg, resolve, site, file, naming);
    if (resolved.kind === 'unresolved') {
      const reason = through === '' ? resolved.reason : `${resolved.reason} (through ${through})`;
      unresolved.push({ path: file.path, line: site.line, column: site.column, expression: site.expression, reason });
      return false;
    }
    const link = registryOf({ registry: reg.registry, static: site.static, ...(reg.implType === undefined ? {} : { implType: reg.implType }) }, file, context.files, context.index);
    const def: MetricDefinition = {
      ...resolved.def,
      // Registered by a once-initialiser elsewhere: it is registered when that runs, not where it is built.
      ...(link.timing === null ? {} : { holder: link.timing.holder, static: link.timing.static, registeredAt: { path: link.timing.path, line: link.timing.line } }),
      registry: link.registry,
      test: site.test || file.module.inTestsDir,
    };
    entries.push({ def, role: reg.role, modulePath: scopeOf(file.module, site.scope).path, crate: file.module.crate });
    return true;
  };
  // A project macro named like a library's (`common::counter!`) is its own: its expansion replaces the library reading.
  const shadowed = new Set(wrapping.expansions.filter((e) => e.call.macro).map((e) => `${e.call.line}:${e.call.column}`));
  file.facts.registrations.forEach((reg, i) => {
    if (wrapping.absorbedRegistrations.has(i) || (shadowed.size > 0 && shadowed.has(`${reg.line}:${reg.column}`))) return;
    const rejection = libraryMismatch(reg, file.module.crate);
    if (rejection) {
      // `.register(a, b, c)` in a crate without prometheus-client is an ordinary call: not worth a word.
      const ordinaryCall = reg.library === 'prometheus-client' && file.module.crate?.dependencies.get('prometheus_client')?.local !== true;
      if (!ordinaryCall) warnings.push(`${file.path}:${reg.line}: ${rejection}`);
      return;
    }
    if (reg.library === 'prometheus-client' && reg.kind === 'untyped') {
      warnings.push(`${file.path}:${reg.line}: cannot tell the metric type registered by \`${reg.expression}\`; recorded as untyped`);
    }
    const scope = scopeOf(file.module, reg.scope);
    add(reg, (expr: StrExpr) => resolveString(expr, scope, context.index), reg, '');
  });
  const resolveTemplate = (str: TemplateStr) => resolveTemplateStr(str, context.index);
  for (const { call, wrapper, outputs } of wrapping.expansions) {
    for (const output of outputs) {
      const ok = add(output.template, resolveTemplate, call, wrapper.label);
      for (const id of [wrapper.id, ...output.through]) {
        const count = (wrapperCounts[id] ??= [0, 0]);
        count[ok ? 0 : 1]++;
      }
    }
  }
  return { entries, unresolved, warnings, wrapperCounts };
}

/** Applies what needs the whole tree (test modules declared elsewhere, `metrics` call sites) and sorts. */
export function combineResolutions(
  results: readonly FileResolution[],
  files: readonly SourceFile[],
  options: { readonly sort: boolean } = { sort: true },
): CombinedResolution {
  const testModules = testModuleKeys(files);
  const metrics: MetricDefinition[] = [];
  const unresolved: UnresolvedRegistration[] = [];
  const warnings: string[] = [];
  const facadeSites = new Map<string, { def: MetricDefinition; help: string | null; labels: Set<string> }>();
  for (const result of results) {
    unresolved.push(...result.unresolved);
    warnings.push(...result.warnings);
    for (const entry of result.entries) {
      let def = entry.def;
      if (!def.test && testModules.size > 0 && isInTestModule(testModules, entry.crate, entry.modulePath)) {
        def = { ...def, test: true };
      }
      if (def.library === 'metrics') mergeFacadeSite(facadeSites, def, entry.role);
      else metrics.push(def);
    }
  }
  for (const site of facadeSites.values()) {
    metrics.push({ ...site.def, help: site.help, labels: [...site.labels].sort() });
  }
  if (options.sort) {
    metrics.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    unresolved.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  }
  return { metrics, unresolved, warnings };
}

type RegistrationResolution =
  | { readonly kind: 'ok'; readonly def: Omit<MetricDefinition, 'registry' | 'test'> }
  | { readonly kind: 'unresolved'; readonly reason: string };

function resolveRegistration<S>(
  reg: RegistrationStrings<S>,
  resolve: (str: S) => Resolved,
  site: RegistrationSite,
  file: SourceFile,
  naming: FacadeNameRule,
): RegistrationResolution {
  const part = (str: S | null, what: string): { value: string | null; reason?: string } => {
    if (str === null) return { value: null };
    const r = resolve(str);
    return r.kind === 'value' ? { value: r.value } : { value: null, reason: `${what}: ${r.reason}` };
  };
  const name = part(reg.name, 'name');
  const namespace = part(reg.namespace, 'namespace');
  const subsystem = part(reg.subsystem, 'subsystem');
  const firstFailure = name.reason ?? namespace.reason ?? subsystem.reason;
  if (firstFailure || name.value === null) return { kind: 'unresolved', reason: firstFailure ?? 'name: missing' };
  let fullName = fullyQualifiedName(namespace.value, subsystem.value, name.value);
  if (reg.unit && !fullName.endsWith(`_${reg.unit}`)) fullName = `${fullName}_${reg.unit}`;
  const written = fullName;
  // The facade takes any string; metrics-exporter-prometheus rewrites it when it renders (`db.query` → `db_query`).
  if (reg.library === 'metrics') fullName = exposedFacadeName(fullName, naming);
  if (!isValidMetricName(fullName)) {
    const exposed = written === fullName ? '' : ` (exposed as "${fullName}")`;
    return { kind: 'unresolved', reason: `"${written}"${exposed} is not a valid Prometheus metric name` };
  }
  const labels: string[] = [];
  for (const label of reg.labels) {
    const r = part(label, 'label');
    labels.push(r.value ?? `<${r.reason ?? 'unknown'}>`);
  }
  const constLabels: Record<string, string> = {};
  for (const pair of reg.constLabels) {
    const k = part(pair.name, 'label');
    const v = part(pair.value, 'label value');
    if (k.value !== null) constLabels[k.value] = v.value ?? '<computed at run time>';
  }
  return {
    kind: 'ok',
    def: {
      name: fullName,
      ...(written === fullName ? {} : { writtenName: written }),
      kind: reg.kind,
      vec: reg.vec,
      labels,
      constLabels,
      help: part(reg.help, 'help').value,
      buckets: reg.buckets,
      ...(reg.bucketsNotComputed === undefined ? {} : { bucketsNotComputed: reg.bucketsNotComputed }),
      namespace: namespace.value,
      subsystem: subsystem.value,
      path: file.path,
      line: site.line,
      column: site.column,
      static: site.static,
      holder: site.holder,
      crate: file.module.crate?.packageName ?? null,
      library: reg.library,
      series: exposedSeries(fullName, reg.kind, reg.library),
    },
  };
}

/** The library is decided by the crate's dependencies, not by macro names alone. */
function libraryMismatch(reg: RawRegistration, crate: CrateInfo | null): string | null {
  if (!crate || reg.library === 'prometheus') return null;
  const wanted = reg.library === 'metrics' ? 'metrics' : 'prometheus-client';
  const deps = [...crate.dependencies.values()];
  if (deps.some((d) => d.packageName === wanted && !d.local)) return null;
  const local = crate.dependencies.get(wanted.replace(/-/g, '_'));
  if (local?.local) {
    return `${reg.via.join('::')}! looks like the ${wanted} crate's, but ${wanted} here is the workspace crate at a path; not counted`;
  }
  return `${reg.via.join('::')} looks like the ${wanted} crate's, but crate ${crate.packageName} does not depend on ${wanted}; not counted`;
}

function mergeFacadeSite(
  sites: Map<string, { def: MetricDefinition; help: string | null; labels: Set<string> }>,
  def: MetricDefinition,
  role: RawRegistration['role'],
): void {
  const key = `${def.crate ?? ''}|${def.name}`;
  const site = sites.get(key);
  if (!site) {
    sites.set(key, { def, help: def.help, labels: new Set(def.labels) });
    return;
  }
  for (const label of def.labels) site.labels.add(label);
  site.help ??= def.help;
  // A describe_*! call is the metric's declaration; prefer it as the location shown.
  if (role === 'describe' && site.def.help === null) site.def = def;
}

function testKey(crate: CrateInfo | null, modulePath: readonly string[]): string {
  return `${crate?.dir ?? '?'}|${modulePath.join('::')}`;
}

/** Modules declared `#[cfg(test)] mod x;` in another file: everything below them is test code. */
function testModuleKeys(files: readonly SourceFile[]): Set<string> {
  const keys = new Set<string>();
  for (const file of files) {
    for (const mod of file.facts.modules) {
      if (mod.test) keys.add(testKey(file.module.crate, [...file.module.modulePath, ...mod.scope, mod.name]));
    }
  }
  return keys;
}

function isInTestModule(keys: ReadonlySet<string>, crate: CrateInfo | null, modulePath: readonly string[]): boolean {
  for (let i = 1; i <= modulePath.length; i++) if (keys.has(testKey(crate, modulePath.slice(0, i)))) return true;
  return false;
}
