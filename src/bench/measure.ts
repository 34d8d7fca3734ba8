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
process.stdout.write(`${JSON.stringify({ code, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
