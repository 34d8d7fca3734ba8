import { describe, expect, it } from 'vitest';
import { emptyIndex } from '../../src/history/index-model.js';
import { SetInterner } from '../../src/history/set-interner.js';
import type { MetricDefinition } from '../../src/model/metric.js';
import { sampleDefinition } from '../helpers/sample-definition.js';

const base: MetricDefinition = sampleDefinition;

const defs = [base, { ...base, line: 11 }, { ...base, name: 'app_errors_total', static: 'ERRORS' }, { ...base, help: null }];

/** Fresh copies, as each resolution hands over: equal definitions, other objects. */
const copies = (list: readonly MetricDefinition[]) => JSON.parse(JSON.stringify(list)) as MetricDefinition[];

describe('set interner', () => {
  // Every definition has the same hash under the second: the numbers must not change.
  for (const [name, hash] of [
    ['its own hash', undefined],
    ['a hash every definition shares', () => 7],
  ] as const) {
    it(`numbers each distinct definition and set once, with ${name}`, () => {
      const data = emptyIndex('fp');
      const interner = new SetInterner(data, hash);
      const all = interner.internSet([defs]);
      expect(data.defs).toEqual(defs);
      expect(data.sets[all]).toEqual([0, 1, 2, 3]);
      // The same definitions again, as other objects and split over parts in another order.
      const again = copies(defs);
      expect(interner.internSet([[again[3] as MetricDefinition, again[1] as MetricDefinition], [again[0] as MetricDefinition, again[2] as MetricDefinition]])).toBe(all);
      expect(interner.internSet([copies([defs[2] as MetricDefinition])])).toBe(interner.internSet([[defs[2] as MetricDefinition]]));
      expect(data.defs).toHaveLength(4);

      // A walk resumed on a stored index finds its definitions, and adds only the new one.
      const resumed = new SetInterner(data, hash);
      const more = copies([...defs, { ...base, line: 99 }]);
      const grown = resumed.internSet([more]);
      expect(data.defs).toHaveLength(5);
      expect(data.sets[grown]).toEqual([0, 1, 2, 3, 4]);
      expect(resumed.internSet([copies(defs)])).toBe(all);
    });
  }

  it('keeps copies that serialise as the definitions did, sharing equal labels, series and registries', () => {
    const data = emptyIndex('fp');
    const interner = new SetInterner(data);
    const versions = copies([
      { ...base, labels: ['method', 'code'], line: 3 },
      { ...base, labels: ['method', 'code'], line: 4, registeredAt: { path: 'src/main.rs', line: 9 }, writtenName: undefined as unknown as string },
    ]);
    interner.internSet([versions]);
    const [first, second] = data.defs as [MetricDefinition, MetricDefinition];
    expect(data.defs.map((d) => JSON.stringify(d))).toEqual(versions.map((d) => JSON.stringify(d)));
    expect(Object.keys(second)).toEqual(Object.keys(versions[1] as MetricDefinition));
    expect(first.labels).toBe(second.labels);
    expect(first.series).toBe(second.series);
    expect(first.registry).toBe(second.registry);
  });

  it('numbers copies the same after more definitions than it keeps by their JSON', () => {
    const data = emptyIndex('fp');
    const interner = new SetInterner(data, (text) => text.length % 5);
    const many = Array.from({ length: 1500 }, (_, i) => ({ ...base, line: i + 1 }));
    const first = interner.internSet([many]);
    expect(interner.internSet([copies(many).reverse()])).toBe(first);
    expect(interner.internSet([copies(many.slice(0, 3))])).toBe(interner.internSet([many.slice(0, 3)]));
    expect(data.defs).toHaveLength(1500);
    expect(data.defs.map((d) => d.line)).toEqual(many.map((d) => d.line));
  });

  it('uses the later number of a definition an older index holds twice', () => {
    const data = { ...emptyIndex('fp'), defs: [base, { ...base, line: 11 }, base], sets: [[], [0, 1], [1, 2]] };
    const interner = new SetInterner(data, () => 1);
    expect(interner.internSet([copies([base, { ...base, line: 11 }])])).toBe(2);
    expect(data.defs).toHaveLength(3);
  });

  it('finds what was stored under other names and sizes, built lazily in any order (a walk resumed on a stored index)', () => {
    const data = emptyIndex('fp');
    const first = new SetInterner(data);
    const requests = first.internSet([[defs[0] as MetricDefinition]]);
    const errors = first.internSet([[defs[2] as MetricDefinition]]);
    const both = first.internSet([[defs[0] as MetricDefinition, defs[2] as MetricDefinition]]);
    const resumed = new SetInterner(data);
    // Sizes and names are looked up in the other order than they were stored in.
    expect(resumed.internSet([copies([defs[2] as MetricDefinition, defs[0] as MetricDefinition])])).toBe(both);
    expect(resumed.internSet([copies([defs[2] as MetricDefinition])])).toBe(errors);
    expect(resumed.internSet([copies([defs[0] as MetricDefinition])])).toBe(requests);
    // The same size with another member is another set; a definition new to the index gets the next number.
    const other = resumed.internSet([copies([defs[0] as MetricDefinition, defs[1] as MetricDefinition])]);
    expect(new Set([requests, errors, both, other]).size).toBe(4);
    expect(data.defs).toHaveLength(3);
    expect(data.sets[other]).toEqual([0, 2]);
  });
});
