import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's `chromium` package; `CHROMIUM_PATH` names another. playwright-core never downloads one. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** CI (`.ci/run`) installs Chromium and sets this: there a missing browser fails the run instead of skipping it. */
export const BROWSER_REQUIRED = process.env['PROVENANCE_REQUIRE_BROWSER'] === '1';

export const HAVE_BROWSER = existsSync(CHROMIUM);

/** Screenshots and timings the CI run keeps (gitignored). */
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');

export async function launchBrowser(): Promise<Browser> {
  if (!HAVE_BROWSER) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
