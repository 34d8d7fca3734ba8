import type { BlobFacts } from '../extract/facts.js';
import { CONFIG_PATH } from '../model/wrapper-config.js';
import { DeferredMentions } from './deferred-mentions.js';
import { DEFERRED, type Deferred, type FactsResult, type FactsSource } from './facts-source.js';
import { isManifestPath } from './tree-state.js';

/** Files that may define a wrapper: the wrapper set of a state depends on these (and the config) only. */
export function hasWrapperFacts(facts: BlobFacts): boolean {
  return facts.functions.length > 0 || facts.macros.length > 0;
}

/**
 * Blobs whose facts can change what a tree defines; the rest (plain code) never matter to resolution.
 * `use` declarations count: a name can reach a registration through another module's re-export
 * (`pub use crate::consts::NAME;`), and `list` resolves through them too.
 */
export function isRelevant(facts: BlobFacts): boolean {
  return (
    facts.registrations.length > 0 ||
    facts.registerCalls.length > 0 ||
    facts.customRegistries.length > 0 ||
    facts.constants.length > 0 ||
    facts.uses.length > 0 ||
    facts.modules.some((m) => m.test) ||
    hasWrapperFacts(facts) ||
    facts.calls.length > 0
  );
}

/**
 * Which blobs can affect what a tree defines, each read (and, when it may define a metric or a
 * wrapper, extracted through the cache) once. Kept apart from resolution: a walk whose commits touch
 * only plain code never loads the resolver. Blobs of names, re-exports and call sites only are
 * relevant unparsed ("deferred"); the resolver parses them when a tree needs their facts.
 */
export class BlobRelevance {
  private readonly relevance = new Map<string, Promise<boolean>>();
  private readonly results = new Map<string, FactsResult | Deferred>();
  private readonly parsed = new Map<string, Promise<FactsResult>>();
  /** Which needed names each deferred blob mentions, checked while the blob is read. */
  readonly mentions: DeferredMentions;

  /** `oneTree`: the blobs of one tree only, whose deferred texts are kept while it is resolved (see DeferredMentions). */
  constructor(
    readonly facts: FactsSource,
    oneTree = false,
  ) {
    this.mentions = new DeferredMentions(oneTree);
  }

  relevant(oid: string, path: string): Promise<boolean> {
    if (isManifestPath(path) || path === CONFIG_PATH) return Promise.resolve(true);
    let known = this.relevance.get(oid);
    if (!known) {
      known = this.classify(oid, path).then((r) => {
        // Facts stay with the facts cache (bounded in memory): a walk classifies every blob of the history.
        if (r.kind !== 'facts') this.results.set(oid, r);
        if (r.kind === 'deferred') return true;
        return r.kind === 'facts' ? isRelevant(r.facts) : r.kind === 'missing';
      });
      this.relevance.set(oid, known);
    }
    return known;
  }

  /** Records what an earlier run learnt: the blob holds no registration of its own (see `StoredTipStates`). */
  knownDeferred(oid: string): void {
    if (this.relevance.has(oid)) return;
    this.results.set(oid, DEFERRED);
    this.relevance.set(oid, Promise.resolve(true));
  }

  /** Whether this run classified the blob as deferred; false when it was not classified. */
  deferredNow(oid: string): boolean {
    return this.results.get(oid)?.kind === 'deferred';
  }

  /** Whether a blob was left unparsed as holding no registration of its own (classifying it first if need be). */
  async isDeferred(oid: string, path: string): Promise<boolean> {
    await this.relevant(oid, path);
    return this.deferredNow(oid);
  }

  /**
   * Whether a deferred blob may declare a module in another file as test code, which can change what
   * a tree defines although the blob registers nothing (a missing blob counts as may).
   */
  async declaresTestModules(oid: string): Promise<boolean> {
    return (await this.mentions.testModuleFiles(oid, () => this.facts.textOf(oid))) !== false;
  }

  /** The facts of a blob, from the relevance check when it has run, else read now; deferred blobs stay unparsed. */
  factsOf(oid: string, path: string): Promise<FactsResult | Deferred> {
    const known = this.results.get(oid);
    return known ? Promise.resolve(known) : this.classify(oid, path);
  }

  /** Reads and classifies a blob; a deferred one's mentions are checked while its text is at hand. */
  private classify(oid: string, path: string): Promise<FactsResult | Deferred> {
    return this.facts.classify(oid, path, (text, bytes) => this.mentions.record(oid, text, bytes));
  }

  /** The facts of a blob, parsing it if it was deferred. */
  parse(oid: string, path: string): Promise<FactsResult> {
    const known = this.results.get(oid);
    if (known !== undefined && known.kind !== 'deferred') return Promise.resolve(known);
    let parsing = this.parsed.get(oid);
    if (!parsing) {
      parsing = this.facts.factsOf(oid, path);
      this.parsed.set(oid, parsing);
      // Shared only while in flight: the cache keeps the result.
      const settled = () => this.parsed.delete(oid);
      parsing.then(settled, settled);
    }
    return parsing;
  }
}
