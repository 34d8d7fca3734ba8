import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CARGO_TOML, lazyMetrics, MAIN_RS } from '../helpers/rust-sources.js';
import { scenariosRemovedAfterEachTest } from '../helpers/scenario-per-test.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/provenance.js');
const scenario = scenariosRemovedAfterEachTest();

/**
 * The CLI with files capped at `kilobytes` (`ulimit -f`): writing more fails with EFBIG, as a full
 * disk fails with ENOSPC. SIGXFSZ is ignored first, as the shell passes that on to node.
 */
function withFileLimit(kilobytes: number, args: readonly string[]) {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const run = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${kilobytes}; exec '${process.execPath}' '${BIN}' ${quoted}`], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('a cache that cannot be written', () => {
  it.skipIf(process.platform !== 'linux')('the answer is still given, with one warning, and no temporary file is left behind', () => {
    const repo = scenario();
    const metrics = Array.from({ length: 40 }, (_, i) => ({ static: `M${i}`, name: `m${i}_total`, help: 'x'.repeat(200) }));
    repo.commit('Service', { 'Cargo.toml': CARGO_TOML(), 'src/main.rs': MAIN_RS, 'src/metrics.rs': lazyMetrics(metrics) });
    for (let i = 1; i <= 5; i++) repo.commit(`Step ${i}`, { 'src/metrics.rs': lazyMetrics(metrics.slice(i)) });

    const limited = withFileLimit(2, ['explain', 'm0_total', '--deployed', 'main', '--repo', repo.dir, '--json']);
    const cacheDir = path.join(repo.dir, '.git', 'provenance');
    rmSync(cacheDir, { recursive: true, force: true });
    const normal = withFileLimit(1_000_000, ['explain', 'm0_total', '--deployed', 'main', '--repo', repo.dir, '--json']);
    expect(limited.code).toBe(normal.code);
    expect(limited.stdout).toBe(normal.stdout);
    const warnings = limited.stderr.split('\n').filter((l) => l.includes('cannot write the cache'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\(EFBIG\); answered without saving to it/);
    expect(limited.stderr).not.toMatch(/\n\s+at /);
    rmSync(cacheDir, { recursive: true, force: true });
    withFileLimit(2, ['index', '--repo', repo.dir]);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith('.tmp')) : []).toEqual([]);
  });
});
