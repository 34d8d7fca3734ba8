import type { MetricKind, MetricLibrary } from '../model/metric.js';
import { bindingOf } from './bindings.js';
import { positionOf, sourceText, type Extraction } from './extraction.js';
import { shortenExpression } from './expression-text.js';
import type { RawRegistration, RawRegistry, StrExpr } from './facts.js';
import type { ConstLabel } from './labels.js';
import { contextOf } from './scopes.js';
import type { Located } from './view.js';

export interface RegistrationParts {
  readonly library: MetricLibrary;
  readonly via: readonly string[];
  readonly kind: MetricKind;
  readonly vec: boolean;
  readonly name: StrExpr;
  readonly namespace?: StrExpr | null;
  readonly subsystem?: StrExpr | null;
  readonly help: StrExpr | null;
  readonly labels?: readonly StrExpr[];
  readonly constLabels?: readonly ConstLabel[];
  readonly buckets?: readonly number[] | null;
  readonly registry: RawRegistry;
  readonly unit?: string | null;
  readonly role: RawRegistration['role'];
  /** Overrides the holder's name (prometheus-client: the registered metric's variable). */
  readonly static?: string | null;
}

/** Completes a registration with what the site says: position, source text, scope, holder, test-ness. */
export function buildRegistration(ex: Extraction, site: Located, parts: RegistrationParts): RawRegistration {
  const context = contextOf(site);
  const { line, column } = positionOf(ex, site);
  const holderName =
    parts.static !== undefined
      ? parts.static
      : context.holder === 'eager'
        ? (bindingOf(site)?.name ?? null)
        : context.holderStatic;
  return {
    library: parts.library,
    via: parts.via,
    kind: parts.kind,
    vec: parts.vec,
    name: parts.name,
    namespace: parts.namespace ?? null,
    subsystem: parts.subsystem ?? null,
    help: parts.help,
    labels: parts.labels ?? [],
    constLabels: parts.constLabels ?? [],
    buckets: parts.buckets ?? null,
    registry: parts.registry,
    unit: parts.unit ?? null,
    role: parts.role,
    static: holderName,
    holder: context.holder,
    scope: context.scope,
    line,
    column,
    test: context.test,
    expression: shortenExpression(sourceText(ex, site)),
  };
}
