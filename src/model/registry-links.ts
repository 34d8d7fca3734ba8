/**
 * Where a metric is registered when its file does not say: a construction linked to a register call
 * elsewhere in its crate, by the name of its holder or, for the fields of a custom `Collector`, by
 * the type the register call builds (`register(Box::new(MyCollector::new()))`).
 */
import type { RawRegisterCall, RawRegistry } from '../extract/facts.js';
import type { CrateInfo } from './crate-layout.js';
import type { Holder, RegistryRef } from './metric.js';
import { scopeOf, type ModuleIndex, type SourceFile } from './module-index.js';
import { resolveString } from './resolve-strings.js';

/** A registration that runs in a once-initialiser rather than where the metric is built. */
export interface RegistrationTiming {
  readonly holder: Holder;
  readonly static: string | null;
  /** The register call, which may be in another file (and crate) than the metric. */
  readonly path: string;
  readonly line: number;
}

export interface RegistryLink {
  readonly registry: RegistryRef;
  /** Set when the linked register call sits in `Once::call_once`, `OnceLock::get_or_init` and the like. */
  readonly timing: RegistrationTiming | null;
}

/** What the registration says about where it is held and built. */
export interface LinkSubject {
  readonly registry: RawRegistry;
  /** The name of its holder (static, field or local). */
  readonly static: string | null;
  /** The `impl` type whose function builds it, for a construction not registered in its file. */
  readonly implType?: string;
}

/** The crates whose register calls may register what `crate` builds: itself, and crates depending on it. */
function mayRegister(from: CrateInfo | null, crate: CrateInfo | null): boolean {
  if (from === crate) return true;
  return from !== null && crate !== null && from.dependencies.get(crate.name)?.local === true;
}

function linkOf(call: RawRegisterCall, other: SourceFile, files: readonly SourceFile[], index: ModuleIndex): RegistryLink | null {
  const timing = call.holder === undefined ? null : { holder: call.holder, static: call.static ?? null, path: other.path, line: call.line };
  if (call.registry.kind === 'default') return { registry: call.registry, timing };
  if (call.registry.kind === 'custom') {
    return { registry: { kind: 'custom', expression: call.registry.expression, prefix: registryPrefix(call.registry.expression, other, files, index) }, timing };
  }
  return null;
}

export function registryOf(subject: LinkSubject, file: SourceFile, files: readonly SourceFile[], index: ModuleIndex): RegistryLink {
  const raw = subject.registry;
  if (raw.kind === 'default') return { registry: raw, timing: null };
  if (raw.kind === 'custom') return { registry: { kind: 'custom', expression: raw.expression, prefix: registryPrefix(raw.expression, file, files, index) }, timing: null };
  const holder = subject.static;
  if (holder) {
    // Constructed here, registered elsewhere in the same crate: linked by the holder's name (an approximation).
    for (const other of files) {
      if (other.module.crate !== file.module.crate) continue;
      for (const call of other.facts.registerCalls) {
        if (call.target[call.target.length - 1] !== holder) continue;
        const link = linkOf(call, other, files, index);
        if (link !== null) return link;
      }
    }
  }
  const implType = subject.implType;
  if (implType !== undefined) {
    for (const other of files) {
      if (!mayRegister(other.module.crate, file.module.crate)) continue;
      for (const call of other.facts.registerCalls) {
        if (call.constructs?.[call.constructs.length - 1] !== implType) continue;
        const link = linkOf(call, other, files, index);
        if (link !== null) return link;
      }
    }
  }
  return { registry: raw, timing: null };
}

export function registryPrefix(expression: string, file: SourceFile, files: readonly SourceFile[], index: ModuleIndex): string | null {
  const binding = expression.split(/[.:&*\s()]+/).filter(Boolean).pop();
  for (const candidate of [file, ...files.filter((f) => f !== file && f.module.crate === file.module.crate)]) {
    const registry = candidate.facts.customRegistries.find((r) => r.binding === binding);
    if (!registry) continue;
    if (!registry.prefix) return null;
    const prefix = resolveString(registry.prefix, scopeOf(candidate.module, []), index);
    return prefix.kind === 'value' ? prefix.value : null;
  }
  return null;
}
