import type { RawRegistration, RawRegistry, StrExpr } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';
import { exposedFacadeName, facadeNameRule, type FacadeNameRule } from './facade-naming.js';
import { libraryMismatch } from './library-attribution.js';
import type { Holder, MetricDefinition, UnresolvedRegistration } from './metric.js';
import { scopeOf, type ModuleIndex, type SourceFile } from './module-index.js';
import { exposedSeries, fullyQualifiedName, isValidMetricName } from './naming.js';
import { registryOf } from './registry-links.js';
import { resolveString, type Resolved } from './resolve-strings.js';
import type { WrapperSet } from './wrapper-set.js';
import { resolveTemplateStr, type TemplateStr } from './wrapper-template.js';

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
