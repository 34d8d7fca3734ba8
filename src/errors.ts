/** Error classes with stable codes; only program.ts maps them to exit codes. */

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

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
    super('git was not found on PATH; install git 2.25 or newer', 'PROVENANCE_GIT_MISSING', EXIT_USAGE, detail);
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

export class GitCommandError extends ProvenanceError {
  constructor(args: readonly string[], stderr: string, exitCode: number | null) {
    const first = stderr.trim().split('\n')[0] ?? '';
    super(
      `git ${args[0] ?? ''} failed (exit ${exitCode ?? 'signal'}): ${first || 'no message'}`,
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

export class InputFileError extends ProvenanceError {
  constructor(message: string, code = 'PROVENANCE_BAD_INPUT') {
    super(message, code);
  }
}
