import { describe, expect, it } from 'vitest';
import { EMPTY_FACTS } from '../../src/extract/empty-facts.js';
import type { BlobFacts } from '../../src/extract/facts.js';
import type { FileModule } from '../../src/model/crate-layout.js';
import { rawRegistration } from '../helpers/raw-registration.js';
import { GLOB, globReachable, mentionedNames, mentionsAny, namesForConstants } from '../../src/history/needed-names.js';

const registration = (path: string[]) => rawRegistration({ name: { kind: 'const', path } });

describe('namesForConstants', () => {
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
    const names = namesForConstants([metrics], [metrics, consts]);
    expect([...(names ?? [])].sort()).toEqual(['BASE', 'LOCAL', 'PREFIX', 'REQ', 'consts', 'names'].sort());
  });

  it('gives up (every file may matter) when a registry or a registration is made elsewhere', () => {
    const custom: BlobFacts = { ...EMPTY_FACTS, registrations: [{ ...registration(['X']), registry: { kind: 'custom', expression: 'REGISTRY' } }] };
    expect(namesForConstants([custom], [custom])).toBeNull();
  });
});

describe('mentionedNames', () => {
  it('lists identifiers, and a glob for any `use` with a `*`', () => {
    const names = mentionedNames('use crate::consts::*;\npub fn f(r#type: u8) { g("REQ_x"); }\n');
    expect(mentionsAny(names, new Set(['consts']))).toBe(true);
    expect(names.has(GLOB)).toBe(true);
    expect(names.has('type')).toBe(true);
    expect(mentionedNames('pub fn f() { let product = 2 * 3; }').has(GLOB)).toBe(false);
  });
});

describe('globReachable', () => {
  const crate = { name: 'svc', packageName: 'svc', version: null, dir: '' } as unknown as NonNullable<FileModule['crate']>;
  const at = (...modulePath: string[]): FileModule => ({ crate, modulePath, target: 'lib', inTestsDir: false });
  it('a glob in a module entered by name, or in a parsed module or one above it; not in plain code elsewhere', () => {
    const parsed = [at('metrics', 'http')];
    expect(globReachable(at('names'), new Set(['names', 'REQ']), parsed)).toBe(true);
    expect(globReachable(at('metrics'), new Set(['REQ']), parsed)).toBe(true);
    expect(globReachable(at(), new Set(['REQ']), parsed)).toBe(true);
    expect(globReachable(at('worker'), new Set(['REQ']), parsed)).toBe(false);
  });
});
