import path from 'node:path';
import { InputFileError } from '../errors.js';
import { readBounded } from '../util/read-bounded.js';

export interface InputFileLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** A dashboard or rule file larger than this, or slower to read, is a mistake (`/dev/zero`, a FIFO). */
export const INPUT_FILE_LIMITS: InputFileLimits = { maxBytes: 64 * 1024 * 1024, timeoutMs: 60_000 };

const MB = 1024 * 1024;
const sizeText = (bytes: number): string => (bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes} bytes`);

/**
 * A file the user named (the dashboard argument, `--dashboard`, `--rules`, a `--scrape` file),
 * relative to `cwd`, within limits. `label` names the option in messages when the file alone would not.
 */
export async function readInputFile(file: string, cwd: string, options: { readonly label?: string; readonly limits?: InputFileLimits } = {}): Promise<string> {
  const limits = options.limits ?? INPUT_FILE_LIMITS;
  const shown = options.label === undefined ? file : `${options.label} ${file}`;
  const read = await readBounded(path.resolve(cwd, file), limits.maxBytes, limits.timeoutMs);
  switch (read.kind) {
    case 'text':
      return read.text;
    case 'too-large':
      throw new InputFileError(`${shown}: larger than ${sizeText(limits.maxBytes)}; is it the right file?`, 'PROVENANCE_INPUT_UNREADABLE');
    case 'too-slow':
      throw new InputFileError(`${shown}: not read to its end within ${limits.timeoutMs / 1000} s (a pipe nobody writes to?)`, 'PROVENANCE_INPUT_UNREADABLE');
    case 'error':
      throw new InputFileError(`${shown}: cannot read (${read.code === 'ENOENT' ? 'no such file' : read.code === 'EISDIR' ? 'a directory' : read.code})`, 'PROVENANCE_INPUT_UNREADABLE');
  }
}
