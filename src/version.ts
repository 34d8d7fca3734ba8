import { readFileSync } from 'node:fs';
import { findPackageRoot } from './util/package-root.js';

export const VERSION: string = (
  JSON.parse(readFileSync(`${findPackageRoot(import.meta.url)}/package.json`, 'utf8')) as { version: string }
).version;
