import { describe, expect, it } from 'vitest';
import { crateLayout, crateLayoutOfParsed, fileModule, parseManifest, type CrateInfo, type ParsedManifest } from '../../src/model/crate-layout.js';
import { layoutMeaning } from '../../src/model/layout-meaning.js';

const workspaceManifest = (opts: { version: string; metrics: string; tokio: string }): string =>
  [
    '[workspace]',
    'members = ["crates/*"]',
    '[workspace.package]',
    `version = "${opts.version}"`,
    '[workspace.dependencies]',
    `metrics = "${opts.metrics}"`,
    `tokio = { version = "${opts.tokio}", features = ["full"] }`,
    'db = { path = "crates/db" }',
  ].join('\n');

const INHERITING = ['[package]', 'name = "server"', 'version.workspace = true', '[dependencies]', 'metrics.workspace = true', 'db = { workspace = true }'].join('\n');
const OWN = ['[package]', 'name = "db"', 'version = "0.3.0"', '[dependencies]', 'metrics = "0.21"', 'tokio = "1"'].join('\n');

/** Parsed once, as a history walk keeps its parsed manifests by blob. */
const server = parseManifest(INHERITING);
const db = parseManifest(OWN);

function layoutWith(workspace: ParsedManifest): readonly CrateInfo[] {
  return crateLayoutOfParsed(
    new Map([
      ['Cargo.toml', workspace],
      ['crates/server/Cargo.toml', server],
      ['crates/db/Cargo.toml', db],
    ]),
  ).crates;
}

const named = (crates: readonly CrateInfo[], name: string): CrateInfo => crates.find((c) => c.name === name) as CrateInfo;

describe('crateLayoutOfParsed across versions of the workspace manifest', () => {
  const first = layoutWith(parseManifest(workspaceManifest({ version: '1.0.0', metrics: '0.20', tokio: '1.30' })));

  it('keeps a crate the same object when nothing it inherits changed', () => {
    const tokioBumped = layoutWith(parseManifest(workspaceManifest({ version: '1.0.0', metrics: '0.20', tokio: '1.31' })));
    expect(named(tokioBumped, 'server')).toBe(named(first, 'server'));
    expect(named(tokioBumped, 'db')).toBe(named(first, 'db'));
  });

  it('describes the crate anew when an inherited dependency or the inherited version changed', () => {
    const metricsBumped = layoutWith(parseManifest(workspaceManifest({ version: '1.0.0', metrics: '0.21', tokio: '1.30' })));
    expect(named(metricsBumped, 'server')).not.toBe(named(first, 'server'));
    expect(named(metricsBumped, 'server').dependencies.get('metrics')).toEqual({ packageName: 'metrics', local: false, version: '0.21' });
    expect(named(metricsBumped, 'db')).toBe(named(first, 'db'));

    const released = layoutWith(parseManifest(workspaceManifest({ version: '1.1.0', metrics: '0.20', tokio: '1.30' })));
    expect(named(released, 'server').version).toBe('1.1.0');
    expect(named(first, 'server').version).toBe('1.0.0');
  });

  it('describes each crate as reading the manifests afresh would', () => {
    for (const opts of [
      { version: '1.0.0', metrics: '0.20', tokio: '1.30' },
      { version: '1.0.0', metrics: '0.20', tokio: '1.31' },
      { version: '2.0.0', metrics: '0.22', tokio: '1.31' },
    ]) {
      const text = workspaceManifest(opts);
      const cached = layoutWith(parseManifest(text));
      const fresh = crateLayout(new Map([['Cargo.toml', text], ['crates/server/Cargo.toml', INHERITING], ['crates/db/Cargo.toml', OWN]])).crates;
      expect(cached).toEqual(fresh);
      expect(layoutMeaning({ crates: cached, warnings: [] })).toBe(layoutMeaning({ crates: fresh, warnings: [] }));
    }
    expect(named(first, 'server').dependencies.get('db')).toEqual({ packageName: 'db', local: true });
  });

  it('gives layouts that differ only in a registry dependency resolution does not read the same meaning', () => {
    const tokioBumped = layoutWith(parseManifest(workspaceManifest({ version: '1.0.0', metrics: '0.20', tokio: '1.31' })));
    const metricsBumped = layoutWith(parseManifest(workspaceManifest({ version: '1.0.0', metrics: '0.21', tokio: '1.30' })));
    expect(layoutMeaning({ crates: tokioBumped, warnings: [] })).toBe(layoutMeaning({ crates: first, warnings: [] }));
    // The `metrics` version itself is not read (only the exporter's is), so this bump means nothing either.
    expect(layoutMeaning({ crates: metricsBumped, warnings: [] })).toBe(layoutMeaning({ crates: first, warnings: [] }));
  });
});

describe('fileModule', () => {
  const crates = crateLayout(
    new Map([
      ['Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n'],
      ['crates/app/Cargo.toml', '[package]\nname = "app"\nversion = "0.1.0"\n[[bin]]\nname = "tool"\npath = "cmd/tool.rs"\n'],
      ['crates/app/inner/Cargo.toml', '[package]\nname = "inner"\nversion = "0.1.0"\n'],
    ]),
  ).crates;

  it.each<[string, string | null, readonly string[], string, boolean]>([
    ['crates/app/src/lib.rs', 'app', [], 'lib', false],
    ['crates/app/src/a/b.rs', 'app', ['a', 'b'], 'lib', false],
    ['crates/app/src/a/mod.rs', 'app', ['a'], 'lib', false],
    ['crates/app/src/tests.rs', 'app', ['tests'], 'lib', false],
    ['crates/app/src/testsuite/x.rs', 'app', ['testsuite', 'x'], 'lib', false],
    ['crates/app/src/a/tests/x.rs', 'app', ['a', 'tests', 'x'], 'lib', true],
    ['crates/app/tests/it.rs', 'app', [], 'tests/it', true],
    ['crates/app/tests/it/util.rs', 'app', ['util'], 'tests/it', true],
    ['crates/app/src/bin/serve.rs', 'app', [], 'src/bin/serve', false],
    ['crates/app/cmd/tool.rs', 'app', [], 'bin/tool', false],
    ['crates/app/benches/b.rs', 'app', [], 'benches/b', false],
    ['crates/app/inner/src/lib.rs', 'inner', [], 'lib', false],
    ['tests/top.rs', null, [], 'tests/top', true],
  ])('places %s', (file, crate, modulePath, target, inTestsDir) => {
    const module = fileModule(file, crates);
    expect([module.crate?.name ?? null, module.modulePath, module.target, module.inTestsDir]).toEqual([crate, modulePath, target, inTestsDir]);
    expect(fileModule(file, crates)).toEqual(module);
  });

  it('asks the layout which crate holds a file, even for a crate met before', () => {
    const app = named(crates, 'app');
    const alone = [app];
    expect(fileModule('crates/app/inner/src/lib.rs', crates).crate?.name).toBe('inner');
    expect(fileModule('crates/app/inner/src/lib.rs', alone)).toEqual({ crate: app, modulePath: ['inner', 'src', 'lib'], target: 'lib', inTestsDir: false });
  });
});
