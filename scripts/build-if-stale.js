#!/usr/bin/env node
// `npm ci` has just built (the `prepare` script): `npm start` rebuilds only when a source is newer than the bundle.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

let built = 0;
try {
  built = statSync(path.join(root, 'dist', 'bundle', 'cli.js')).mtimeMs;
} catch {
  built = 0;
}
const sources = Math.max(newest(path.join(root, 'src')), statSync(path.join(root, 'package.json')).mtimeMs);
if (built === 0 || sources > built) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
