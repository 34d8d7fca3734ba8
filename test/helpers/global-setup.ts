import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/*
 * End-to-end tests spawn the built, bundled CLI and the parsing workers run from dist/, so the build
 * must be as new as the sources. It is rebuilt only when a source is newer than the bundle (the
 * check `npm start` makes): a run of unit tests after `npm ci`, or a second run, builds nothing.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-if-stale.js')], { cwd: root, stdio: 'inherit' });
}
