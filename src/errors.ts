/** Error classes with stable codes; only program.ts maps them to exit codes. */

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
/** The run stopped before finishing for lack of memory; the work done so far is saved. */
export const EXIT_OUT_OF_MEMORY = 4;

export class ProvenanceError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number = EXIT_USAGE,
    readonly detail?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotAGitRepositoryError extends ProvenanceError {
  constructor(dir: string) {
    super(
      `${dir} is not a git repository; run provenance inside one or pass --repo <dir>`,
      'PROVENANCE_NOT_A_REPO',
    );
  }
}

export class GitMissingError extends ProvenanceError {
  constructor(detail: string) {
    super('git was not found on PATH; install git 2.39.4 or newer, or add it to PATH', 'PROVENANCE_GIT_MISSING', EXIT_USAGE, detail);
  }
}

export class GitTooOldError extends ProvenanceError {
  constructor(found: string, minimum: string) {
    super(`git ${found} is too old; provenance needs git ${minimum} or newer (put a newer git first on PATH)`, 'PROVENANCE_GIT_TOO_OLD');
  }
}

export class UnknownRefError extends ProvenanceError {
  constructor(
    readonly ref: string,
    readonly suggestions: readonly string[],
  ) {
    const hint = suggestions.length > 0 ? `; closest branches: ${suggestions.join(', ')}` : '';
    super(`unknown ref '${ref}': not a commit in this repository${hint}`, 'PROVENANCE_UNKNOWN_REF');
  }
}

export class UnbornBranchError extends ProvenanceError {
  constructor(branch: string) {
    super(
      `HEAD is branch '${branch}', which has no commits yet (an empty repository or a new orphan branch); name a revision that has commits`,
      'PROVENANCE_NO_COMMITS',
    );
  }
}

export class GitCommandError extends ProvenanceError {
  constructor(args: readonly string[], stderr: string, exitCode: number | null) {
    // git often warns before it fails: the `fatal:` or `error:` line says what went wrong.
    const lines = stderr.trim().split('\n');
    const first = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? '';
    const hint = /promisor remote/.test(first)
      ? '; this partial clone lacks objects provenance must read (trees or commits): clone with --filter=blob:none instead'
      : '';
    // git (2.35.2 and later) refuses a repository another user owns; the one fix is the user's to make.
    const untrusted = /detected dubious ownership in repository at '(.*)'/.exec(stderr)?.[1];
    super(
      untrusted !== undefined
        ? `git refuses ${untrusted}: it belongs to another user ("dubious ownership"); if you trust it, run: git config --global --add safe.directory '${untrusted}'`
        : `git ${args[0] ?? ''} failed (exit ${exitCode ?? 'signal'}): ${first || 'no message'}${hint}`,
      'PROVENANCE_GIT_FAILED',
      EXIT_USAGE,
      stderr,
    );
  }
}

export class UsageError extends ProvenanceError {
  constructor(message: string) {
    super(message, 'PROVENANCE_USAGE');
  }
}

export class InvalidMetricNameError extends ProvenanceError {
  constructor(name: string) {
    super(
      `${JSON.stringify(name)} is not a metric name (names match [a-zA-Z_:][a-zA-Z0-9_:]*); give the name as a query writes it, e.g. http_requests_total`,
      'PROVENANCE_BAD_METRIC_NAME',
    );
  }
}

export class CacheUnwritableError extends ProvenanceError {
  constructor(inside: string, outside: string, detail: string) {
    super(
      `cannot write a cache at ${inside} or ${outside}; set XDG_CACHE_HOME to a writable directory`,
      'PROVENANCE_CACHE_UNWRITABLE',
      EXIT_USAGE,
      detail,
    );
  }
}

export class InputFileError extends ProvenanceError {
  constructor(message: string, code = 'PROVENANCE_BAD_INPUT') {
    super(message, code);
  }
}

export class OutOfMemoryError extends ProvenanceError {
  constructor(doing: string, done: string) {
    super(
      `out of memory while ${doing}, after ${done}; the progress is saved and the next run resumes from it. Narrow the refs (--only-refs main --only-refs 'v*', or "refs" in provenance.json) or give Node more memory (NODE_OPTIONS=--max-old-space-size=8192)`,
      'PROVENANCE_OUT_OF_MEMORY',
      EXIT_OUT_OF_MEMORY,
    );
  }
}
