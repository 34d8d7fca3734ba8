import { readFileSync } from 'node:fs';
import { main } from '../program.js';
import type { Io } from '../io.js';

// Runs one CLI command with output discarded, then reports the exit code and peak memory as JSON.
const sink: Io = {
  stdout: () => undefined,
  stderr: () => undefined,
  isTTY: false,
  stderrIsTTY: false,
  color: false,
  columns: 120,
  env: process.env,
  cwd: process.cwd(),
};
const code = await main(process.argv, sink);
process.stdout.write(`${JSON.stringify({ code, maxRssMb: peakRssMb() })}\n`);

/**
 * This process's peak resident memory. On Linux the kernel's high-water mark of this address space
 * (`VmHWM`): `getrusage`'s maxRSS survives exec, so a child forked from a bench that holds a large
 * git output would report the bench's size instead of its own.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm !== undefined) return Math.round(Number(hwm) / 1024);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
