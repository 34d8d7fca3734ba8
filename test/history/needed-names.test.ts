import { describe, expect, it } from 'vitest';
import { EMPTY_FACTS } from '../../src/extract/empty-facts.js';
import type { BlobFacts } from '../../src/extract/facts.js';
import type { FileModule } from '../../src/model/crate-layout.js';
import { rawRegistration } from '../helpers/raw-registration.js';
import { DeferredMentions } from '../../src/history/deferred-mentions.js';
import { globReachable, moduleKey, placedAnywhere, neededNames, needsModule, type NeededNames } from '../../src/history/needed-names.js';

const NO_WRAPPERS = { callees: new Set<string>(), constantPaths: [], modules: [] };
const crateInfo = { name: 'svc', packageName: 'svc', version: null, dir: '', dependencies: new Map() } as NonNullable<FileModule['crate']>;
const moduleAt = (...modulePath: string[]): FileModule => ({ crate: crateInfo, modulePath, target: 'lib', inTestsDir: false });
const file = (facts: BlobFacts, ...modulePath: string[]) => ({ facts, module: moduleAt(...modulePath) });
const sorted = (names: ReadonlySet<string>) => [...names].sort();
const moduleNames = (needed: NeededNames) => sorted(needed.moduleNames);
const everyName = (needed: NeededNames) => sorted(new Set([...needed.values, ...moduleNames(needed)]));

const registration = (path: string[]) => rawRegistration({ name: { kind: 'const', path } });

describe('neededNames', () => {
  it('follows only the aliases and constants on the way to the registered names, not every import', () => {
    const metrics: BlobFacts = {
      ...EMPTY_FACTS,
      registrations: [registration(['crate', 'names', 'REQ']), registration(['LOCAL'])],
      uses: [
        { scope: [], path: ['std', 'sync', 'Arc'], alias: 'Arc' },
        { scope: [], path: ['crate', 'consts', 'BASE'], alias: 'LOCAL' },
      ],
    };
    const consts: BlobFacts = { ...EMPTY_FACTS, constants: [{ name: 'BASE', scope: [], line: 1, value: { kind: 'concat', parts: [{ kind: 'const', path: ['PREFIX'] }, { kind: 'literal', value: '_x' }] } }] };
    const needed = neededNames({ crates: [crateInfo], dependent: [file(metrics, 'metrics')], parsed: [file(metrics, 'metrics'), file(consts, 'consts')], wrappers: NO_WRAPPERS });
    expect(moduleNames(needed)).toEqual(['consts', 'names']);
    expect(needsModule(needed, crateInfo, 'consts')).toBe(true);
    expect(everyName(needed)).toEqual(['BASE', 'LOCAL', 'PREFIX', 'REQ', 'consts', 'names'].sort());
  });

  it('a custom registry needs the constants its prefix names, which only files that register something hold', () => {
    const custom: BlobFacts = {
      ...EMPTY_FACTS,
      registrations: [{ ...registration(['X']), registry: { kind: 'custom', expression: 'REGISTRY' } }],
      customRegistries: [{ binding: 'REGISTRY', prefix: { kind: 'const', path: ['crate', 'PREFIX'] }, line: 1 }],
    };
    expect(everyName(neededNames({ crates: [crateInfo], dependent: [file(custom, 'metrics')], parsed: [file(custom, 'metrics')], wrappers: NO_WRAPPERS }))).toEqual(['PREFIX', 'X']);
  });

  it('names the wrappers, the constants their templates name and the constants their call sites pass', () => {
    const caller: BlobFacts = {
      ...EMPTY_FACTS,
      calls: [{ callee: ['app_counter'], macro: false, args: [{ kind: 'string', value: { kind: 'const', path: ['names', 'REQ'] } }], scope: [], static: null, holder: 'eager', line: 1, column: 1, test: false, expression: 'app_counter(names::REQ)' }],
    };
    const needed = neededNames({ crates: [crateInfo], dependent: [file(caller, 'worker')], parsed: [file(caller, 'worker')], wrappers: { callees: new Set(['app_counter']), constantPaths: [{ path: ['crate', 'PREFIX'], module: moduleAt('metrics') }], modules: [] } });
    expect(sorted(needed.values)).toEqual(['PREFIX', 'REQ', 'app_counter']);
    expect(everyName(needed)).toEqual(['PREFIX', 'REQ', 'app_counter', 'names']);
  });
});

describe('neededNames and glob imports', () => {
  it('follows a glob import only in a module a lookup enters', () => {
    const metrics: BlobFacts = {
      ...EMPTY_FACTS,
      registrations: [registration(['REQ'])],
      uses: [{ scope: [], path: ['crate', 'names'], alias: '*' }],
    };
    const elsewhere: BlobFacts = { ...EMPTY_FACTS, uses: [{ scope: [], path: ['datafusion', 'prelude'], alias: '*' }] };
    const root: BlobFacts = { ...EMPTY_FACTS, uses: [{ scope: [], path: ['crate', 'reexported'], alias: '*' }] };
    const needed = neededNames({
      crates: [crateInfo],
      dependent: [file(metrics, 'server', 'metrics')],
      parsed: [file(metrics, 'server', 'metrics'), file(elsewhere, 'query', 'planner'), file(root)],
      wrappers: NO_WRAPPERS,
    });
    expect(everyName(needed)).toEqual(['REQ', 'names', 'reexported']);
    expect(needed.origins).toEqual([moduleAt('server', 'metrics')]);
  });

  it('a glob inside an inline module counts only where a lookup enters that module', () => {
    const inTests = (facts: Partial<BlobFacts>): BlobFacts => ({ ...EMPTY_FACTS, ...facts, uses: [{ scope: ['tests'], path: ['crate', 'batch', 'tests'], alias: '*' }] });
    const metrics: BlobFacts = { ...EMPTY_FACTS, registrations: [registration(['REQ'])] };
    const needsOf = (router: BlobFacts, dependent = [file(metrics, 'router')]) =>
      neededNames({ crates: [crateInfo], dependent, parsed: [...dependent, file(router, 'router')], wrappers: NO_WRAPPERS });
    // The registration sits at the root of `router`: the test module's glob routes nothing it looks up.
    expect(everyName(needsOf(inTests({})))).toEqual(['REQ']);
    // A registration inside that test module looks up through the glob.
    const inside = inTests({ registrations: [{ ...registration(['REQ']), scope: ['tests'] }] });
    const needed = needsOf(inside, [file(inside, 'router')]);
    expect(everyName(needed)).toEqual(['REQ', 'batch', 'tests']);
    expect(needed.origins).toEqual([moduleAt('router'), moduleAt('router', 'tests')]);
  });

  it('starts lookups only where a registration or a wrapper call names a constant', () => {
    const other = { ...crateInfo, name: 'helpers', packageName: 'helpers', dir: 'helpers' };
    // Dependent for its register call alone (linked to its construction by name): no lookup starts here,
    // so its glob of another crate routes nothing.
    const registers: BlobFacts = {
      ...EMPTY_FACTS,
      registrations: [rawRegistration({ name: { kind: 'literal', value: 'a_total' } })],
      registerCalls: [{ target: ['sink'], registry: { kind: 'default' }, line: 3, scope: [] }],
      uses: [{ scope: [], path: ['helpers'], alias: '*' }],
    };
    const needsOf = (facts: BlobFacts) => neededNames({ crates: [crateInfo, other], dependent: [file(facts, 'it')], parsed: [file(facts, 'it')], wrappers: NO_WRAPPERS });
    const none = needsOf(registers);
    expect(none.origins).toEqual([]);
    expect([...none.crateNames]).toEqual([]);
    expect(everyName(none)).toEqual([]);
    // A registration naming a constant looks it up there, through the glob too.
    const looks = needsOf({ ...registers, registrations: [...registers.registrations, registration(['PREFIX'])] });
    expect(looks.origins).toEqual([moduleAt('it')]);
    expect([...looks.crateNames]).toEqual(['helpers']);
    expect(everyName(looks)).toEqual(['PREFIX']);
  });

  it('passes on the arguments of a call only when its path names a wrapper', () => {
    const call = (callee: string[]) => ({ callee, macro: false, args: [{ kind: 'string' as const, value: { kind: 'const' as const, path: ['ErrorKind', 'Other'] } }], scope: [], static: null, holder: 'eager' as const, line: 1, column: 1, test: false, expression: '' });
    const caller: BlobFacts = { ...EMPTY_FACTS, calls: [call(['Error', 'new']), call(['Metrics', 'counter'])] };
    const valuesWith = (callees: string[]) => sorted(neededNames({ crates: [crateInfo], dependent: [file(caller, 'worker')], parsed: [file(caller, 'worker')], wrappers: { ...NO_WRAPPERS, callees: new Set(callees) } }).values);
    expect(valuesWith([])).toEqual([]);
    expect(valuesWith(['Metrics'])).toEqual(['Metrics', 'Other']);
  });
});

describe('DeferredMentions', () => {
  it('counts a name as declared where a `use` may bind it or a `mod` names it, not where a path goes on through it', async () => {
    const declaredIn = async (text: string) => {
      const mentions = new DeferredMentions();
      mentions.ask(['util', 'config', 'store']);
      const m = await mentions.of('x', async () => text);
      return m === 'missing' ? null : [...m.declared].sort();
    };
    expect(await declaredIn('use util::config::Config;\nuse crate::store::Engine;\nfn f() { util::x(); }')).toEqual([]);
    // `config as store` binds `store`; `config` counts too (an alias is not told apart).
    expect(await declaredIn('use crate::util;\nuse a::b::config as store;')).toEqual(['config', 'store', 'util']);
    expect(await declaredIn('use crate::util::{self, x};\nuse a::{config :: { self }, b};')).toEqual(['config', 'util']);
    expect(await declaredIn('use crate::util::{x, y::{self}};\nmod config;\nuse a::store /* here */ ::x;')).toEqual(['config', 'store']);
    expect(await declaredIn('use a::{util, config::X};')).toEqual(['util']);
  });

  it('checks a blob against the names asked so far, and again only against names asked later', async () => {
    const mentions = new DeferredMentions();
    let reads = 0;
    const read = async () => {
      reads++;
      return 'use crate::consts::*;\npub fn f(r#type: u8) { app_counter("REQ_x"); }\n';
    };
    const text = await read();
    mentions.record('a', text, Buffer.from(text, 'latin1'));
    mentions.ask(['app_counter', 'missing_name']);
    const first = await mentions.of('a', read);
    expect(first !== 'missing' && first.names).toEqual(['app_counter']);
    expect(first !== 'missing' && first.glob).toBe(true);
    expect(reads).toBe(2);
    await mentions.of('a', read);
    expect(reads).toBe(2);
    mentions.ask(['consts', 'app']);
    const second = await mentions.of('a', read);
    expect(second !== 'missing' && [...second.names].sort()).toEqual(['app_counter', 'consts']);
    // A glob goes on through `consts`: the `use` binds no name `consts` (the glob flag stands for what it imports).
    expect(second !== 'missing' && second.declared).toEqual([]);
    expect(reads).toBe(3);
    expect(await mentions.of('gone', async () => null)).toBe('missing');
    mentions.ask(['r#type', '*', 'a.b']);
    const third = await mentions.of('a', read);
    expect(third !== 'missing' && [...third.names].sort()).toEqual(['app_counter', 'consts', 'type']);
  });

  it('over one tree, checks kept blobs against names asked later without reading them again', async () => {
    const mentions = new DeferredMentions(true);
    // A non-ASCII byte: the kept bytes must give back the same one-character-per-byte text.
    const bytes = Buffer.from('// caf\u00e9\npub fn f() { other::REQ_TOTAL.inc(); }\n', 'utf8');
    mentions.record('k', bytes.toString('latin1'), bytes);
    mentions.ask(['REQ_TOTAL', 'other']);
    const found = await mentions.of('k', async () => {
      throw new Error('a kept blob was read again');
    });
    expect(found !== 'missing' && [...found.names].sort()).toEqual(['REQ_TOTAL', 'other']);
  });

  it('reads no glob into a product', () => {
    const mentions = new DeferredMentions();
    const text = 'pub fn f() { let product = 2 * 3; }';
    mentions.record('b', text, Buffer.from(text, 'latin1'));
    mentions.ask([]);
    return mentions.of('b', async () => null).then((m) => expect(m !== 'missing' && m.glob).toBe(false));
  });
});

describe('globReachable', () => {
  const other = { name: 'store', packageName: 'store', version: null, dir: 'store', dependencies: new Map() } as NonNullable<FileModule['crate']>;
  const needing = (modules: string[], origins: FileModule[], crateNames: string[] = []): NeededNames => ({
    values: new Set(['REQ']),
    modules: new Set(modules.map((m) => moduleKey(crateInfo, m))),
    placed: placedAnywhere(modules.map((m) => moduleKey(crateInfo, m))),
    moduleNames: new Set(modules),
    crateNames: new Set(crateNames),
    origins,
  });
  it('a glob in a module entered by name in its crate, or where lookups start or above; not in plain code elsewhere', () => {
    const origins = [moduleAt('metrics', 'http')];
    expect(globReachable(moduleAt('names'), needing(['names'], origins))).toBe(true);
    expect(globReachable(moduleAt('metrics'), needing([], origins))).toBe(true);
    expect(globReachable(moduleAt(), needing([], origins))).toBe(true);
    expect(globReachable(moduleAt('worker'), needing([], origins))).toBe(false);
    expect(globReachable({ crate: other, modulePath: ['names'], target: 'lib', inTestsDir: false }, needing(['names'], origins))).toBe(false);
  });

  it('the root of another crate only when a path names that crate', () => {
    const root: FileModule = { crate: other, modulePath: [], target: 'lib', inTestsDir: false };
    expect(globReachable(root, needing([], [moduleAt('metrics')]))).toBe(false);
    expect(globReachable(root, needing([], [moduleAt('metrics')], ['store']))).toBe(true);
  });
});

describe('globReachable by the module a path names before', () => {
  const MODULES = [['config'], ['server', 'config'], ['server', 'keys'], ['server', 'keys', 'config']];
  const registering = (path: string[], uses: BlobFacts['uses'] = []): BlobFacts => ({ ...EMPTY_FACTS, registrations: [registration(path)], uses });
  const store = { name: 'store', packageName: 'store', version: null, dir: 'store', dependencies: new Map() } as NonNullable<FileModule['crate']>;
  const reached = (facts: BlobFacts, parsed: { facts: BlobFacts; module: FileModule }[] = []) => {
    const dependent = file(facts, 'metrics');
    const needed = neededNames({ crates: [crateInfo, store], dependent: [dependent], parsed: [dependent, ...parsed], wrappers: NO_WRAPPERS });
    return MODULES.filter((path) => globReachable(moduleAt(...path), needed)).map((path) => path.join('::'));
  };

  it('enters a module file only under the module a path names before it', () => {
    expect(reached(registering(['crate', 'config', 'NAME']))).toEqual(['config']);
    expect(reached(registering(['crate', 'server', 'config', 'NAME']))).toEqual(['server::config']);
    expect(reached(registering(['svc', 'server', 'keys', 'config', 'NAME']))).toEqual(['server::keys', 'server::keys::config']);
  });

  it('enters every module of the name where the path does not say where it sits', () => {
    const everywhere = ['config', 'server::config', 'server::keys::config'];
    expect(reached(registering(['config', 'NAME']))).toEqual(everywhere);
    expect(reached(registering(['super', 'config', 'NAME']))).toEqual(everywhere);
    expect(reached(registering(['$crate', 'config', 'NAME']))).toEqual(everywhere);
  });

  it('follows renaming imports and globs of the parsed files to the module a name stands for', () => {
    // `use crate::server as s;` then `s::config::NAME`: `config` sits in `server`.
    expect(reached(registering(['s', 'config', 'NAME'], [{ scope: [], path: ['crate', 'server'], alias: 's' }]))).toEqual(['server::config']);
    // A glob of `server::keys` at the root: `crate::config` may be `server::keys::config`.
    const root = file({ ...EMPTY_FACTS, uses: [{ scope: [], path: ['self', 'server', 'keys'], alias: '*' }] });
    expect(reached(registering(['crate', 'config', 'NAME']), [root])).toEqual(['config', 'server::keys', 'server::keys::config']);
    // `use super::*;` in `server::keys`: `keys::config` may be `server::config`.
    const keys = file({ ...EMPTY_FACTS, uses: [{ scope: [], path: ['super'], alias: '*' }] }, 'server', 'keys');
    expect(reached(registering(['crate', 'server', 'keys', 'config', 'NAME']), [keys])).toEqual(['server::config', 'server::keys', 'server::keys::config']);
  });

  it('follows a glob only in its own crate, and any module of the name where it imports from another', () => {
    const globs = (path: string[]) => ({ facts: { ...EMPTY_FACTS, uses: [{ scope: [], path, alias: '*' }] }, module: { crate: store, modulePath: [], target: 'lib', inTestsDir: false } as FileModule });
    // `store`'s root globs its own `server`: `crate::config` of this crate is still only `config`.
    expect(reached(registering(['crate', 'config', 'NAME']), [globs(['self', 'server'])])).toEqual(['config']);
    // This crate's root globs a module of `store`: its modules of that name may be anywhere.
    const root = file({ ...EMPTY_FACTS, uses: [{ scope: [], path: ['store', 'server'], alias: '*' }] });
    expect(reached(registering(['crate', 'config', 'NAME']), [root])).toEqual(['config', 'server::config', 'server::keys::config']);
  });
});

describe('neededNames and crates', () => {
  const other = { name: 'store', packageName: 'store', version: null, dir: 'store', dependencies: new Map() } as NonNullable<FileModule['crate']>;
  it('adds nothing for a path through a root import from std; a glob of another module in an inline module keeps it', () => {
    const svc = { ...crateInfo, dependencies: new Map() } as NonNullable<FileModule['crate']>;
    const module = { crate: svc, modulePath: ['metrics'], target: 'lib' as const, inTestsDir: false };
    const importsErrorKind = { scope: [], path: ['std', 'io', 'ErrorKind'], alias: 'ErrorKind' };
    const facts = (uses: BlobFacts['uses']): BlobFacts => ({ ...EMPTY_FACTS, uses, registrations: [registration(['ErrorKind', 'Other'])] });
    const valuesOf = (f: BlobFacts) => sorted(neededNames({ crates: [svc], dependent: [{ facts: f, module }], parsed: [], wrappers: NO_WRAPPERS }).values);
    expect(valuesOf(facts([importsErrorKind, { scope: ['tests'], path: ['super'], alias: '*' }]))).toEqual([]);
    expect(valuesOf(facts([importsErrorKind, { scope: ['imp'], path: ['crate', 'errors'], alias: '*' }]))).toEqual(['Other']);
    expect(valuesOf(facts([importsErrorKind, { scope: ['imp'], path: ['crate', 'errors', 'ErrorKind'], alias: 'ErrorKind' }]))).toEqual(['Other']);
    expect(valuesOf(facts([]))).toEqual(['Other']);
  });

  it('adds nothing for paths into std or a registry crate, and tags modules with the crate a path enters', () => {
    const svc = { ...crateInfo, dependencies: new Map([['serde', { packageName: 'serde', local: false }], ['store', { packageName: 'store', local: true }]]) } as NonNullable<FileModule['crate']>;
    const metrics: BlobFacts = {
      ...EMPTY_FACTS,
      registrations: [registration(['std', 'env', 'VAR']), registration(['serde', 'de', 'NAME']), registration(['store', 'names', 'REQ'])],
    };
    const needed = neededNames({ crates: [svc, other], dependent: [{ facts: metrics, module: { crate: svc, modulePath: ['metrics'], target: 'lib', inTestsDir: false } }], parsed: [], wrappers: NO_WRAPPERS });
    expect(sorted(needed.values)).toEqual(['REQ']);
    expect([...needed.crateNames]).toEqual(['store']);
    expect(needsModule(needed, other, 'names')).toBe(true);
    expect(needsModule(needed, svc, 'names')).toBe(false);
  });
});
