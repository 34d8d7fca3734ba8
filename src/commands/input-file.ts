import path from 'node:path';
import { InputFileError } from '../errors.js';
import { readBounded } from '../util/read-bounded.js';

/** A dashboard or rule file larger than this, or slower to read, is a mistake (`/dev/zero`, a FIFO). */
const INPUT_MAX_BYTES = 64 * 1024 * 1024;
const INPUT_TIMEOUT_MS = 60_000;

/** A file the user named (`--dashboard`, `--rules`, the dashboard argument), relative to `cwd`, within limits. */
export async function readInputFile(file: string, cwd: string): Promise<string> {
  const read = await readBounded(path.resolve(cwd, file), INPUT_MAX_BYTES, INPUT_TIMEOUT_MS);
  switch (read.kind) {
    case 'text':
      return read.text;
    case 'too-large':
      throw new InputFileError(`${file}: larger than ${INPUT_MAX_BYTES / 1024 / 1024} MB; is it the right file?`, 'PROVENANCE_INPUT_UNREADABLE');
    case 'too-slow':
      throw new InputFileError(`${file}: not read to its end within ${INPUT_TIMEOUT_MS / 1000} s (a pipe nobody writes to?)`, 'PROVENANCE_INPUT_UNREADABLE');
    case 'error':
      throw new InputFileError(`${file}: cannot read (${read.code === 'ENOENT' ? 'no such file' : read.code === 'EISDIR' ? 'a directory' : read.code})`, 'PROVENANCE_INPUT_UNREADABLE');
  }
}
