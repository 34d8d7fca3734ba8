import type { MetricKind, MetricLibrary } from '../metric-kinds.js';
import { bindingOf } from '../syntax/bindings.js';
import { positionOf, sourceText, type Extraction } from './extraction.js';
import { shortenExpression } from '../syntax/expression-text.js';
import type { RawRegistration, RawRegistry, StrExpr } from '../facts.js';
import type { ConstLabel } from './labels.js';
import { contextOf } from './scopes.js';
import type { Located } from '../syntax/view.js';

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
  readonly bucketsNotComputed?: string;
  readonly registry: RawRegistry;
  readonly unit?: string | null;
  readonly role: RawRegistration['role'];
  /** Overrides the holder's name (prometheus-client: the registered metric's variable). */
  readonly static?: string | null;
}

/** What a site says about the value it creates: position, source text, scope, holder, test-ness. */
export interface SiteFacts {
  readonly static: string | null;
  readonly holder: RawRegistration['holder'];
  readonly scope: readonly string[];
  readonly line: number;
  readonly column: number;
  readonly test: boolean;
  readonly expression: string;
}

export function siteFacts(ex: Extraction, site: Located, holderOverride?: string | null): SiteFacts {
  const context = contextOf(site);
  const { line, column } = positionOf(ex, site);
  const holderName =
    holderOverride !== undefined
      ? holderOverride
      : context.holder === 'eager'
        ? (bindingOf(site)?.name ?? null)
        : context.holderStatic;
  return {
    static: holderName,
    holder: context.holder,
    scope: context.scope,
    line,
    column,
    test: context.test,
    expression: shortenExpression(sourceText(ex, site)),
  };
}

/** Completes a registration with what the site says: position, source text, scope, holder, test-ness. */
export function buildRegistration(ex: Extraction, site: Located, parts: RegistrationParts): RawRegistration {
  const facts = siteFacts(ex, site, parts.static);
  const registration: RawRegistration = {
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
    static: facts.static,
    holder: facts.holder,
    scope: facts.scope,
    line: facts.line,
    column: facts.column,
    test: facts.test,
    expression: facts.expression,
    ...(parts.bucketsNotComputed === undefined ? {} : { bucketsNotComputed: parts.bucketsNotComputed }),
  };
  ex.registrationSites.set(registration, site);
  return registration;
}
