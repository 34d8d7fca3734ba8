import type { BlobFacts } from './facts.js';

/** The facts of a blob the prefilter rules out: nothing to resolve. */
export const EMPTY_FACTS: BlobFacts = {
  registrations: [],
  registerCalls: [],
  customRegistries: [],
  constants: [],
  uses: [],
  modules: [],
  diagnostics: [],
  functions: [],
  macros: [],
  calls: [],
};
