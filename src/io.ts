/** The only way commands reach the outside world; tests pass a capturing implementation. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal: tables may wrap to its width. */
  readonly isTTY: boolean;
  /** stderr is a terminal: progress may be drawn there. */
  readonly stderrIsTTY: boolean;
  readonly color: boolean;
  /** Terminal width; infinite when stdout is not a terminal, so piped output is never wrapped. */
  readonly columns: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/**
 * A stream whose reader went away (`provenance list | head -1`): later writes are dropped instead of
 * killing the process with an EPIPE stack, so the command still ends with its own exit code.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export function processIo(): Io {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    stdout: writerTo(process.stdout),
    stderr: writerTo(process.stderr),
    isTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    color: isTTY && !process.env['NO_COLOR'],
    columns: isTTY ? (process.stdout.columns ?? 80) : Number.POSITIVE_INFINITY,
    env: process.env,
    cwd: process.cwd(),
  };
}

export interface CapturedIo extends Io {
  readonly out: string[];
  readonly err: string[];
}

export function captureIo(overrides: Partial<Pick<Io, 'env' | 'cwd' | 'isTTY' | 'columns'>> = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    isTTY: overrides.isTTY ?? false,
    stderrIsTTY: false,
    color: false,
    columns: overrides.columns ?? Number.POSITIVE_INFINITY,
    env: overrides.env ?? {},
    cwd: overrides.cwd ?? process.cwd(),
  };
}
