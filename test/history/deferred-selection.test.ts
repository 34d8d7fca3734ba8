import { describe, expect, it } from 'vitest';
import type { CrateInfo, CrateLayout, FileModule } from '../../src/model/crate-layout.js';
import { DeferredMentions } from '../../src/history/deferred-mentions.js';
import { deferredToParse, type TreeNeeds } from '../../src/history/deferred-selection.js';
import { moduleKey, placedAnywhere, type NeededNames } from '../../src/history/needed-names.js';

const svc: CrateInfo = { name: 'svc', packageName: 'svc', version: null, dir: '', dependencies: new Map() };
const layout: CrateLayout = { crates: [svc], warnings: [] };
const moduleAt = (...modulePath: string[]): FileModule => ({ crate: svc, modulePath, target: 'lib', inTestsDir: false });

/** A lookup starts in `server::handler` and passes through a module named `metrics`. */
function needs(): TreeNeeds {
  const needed: NeededNames = {
    values: new Set(['REQ']),
    modules: new Set([moduleKey(svc, 'metrics')]),
    placed: placedAnywhere([moduleKey(svc, 'metrics')]),
    moduleNames: new Set(['metrics']),
    crateNames: new Set(),
    origins: [moduleAt('server', 'handler')],
  };
  return { needed, enclosing: new Set(), names: new Set(['REQ', moduleKey(svc, 'metrics')]) };
}

async function selected(files: Record<string, string>): Promise<string[]> {
  const mentions = new DeferredMentions();
  const { needed } = needs();
  mentions.ask(needed.values);
  mentions.ask(needed.moduleNames);
  const oids = Object.keys(files);
  const entries = await deferredToParse(
    oids.map((path) => [path, path] as const),
    needs(),
    layout,
    new Map(),
    mentions,
    async (oid) => files[oid] ?? null,
  );
  return entries.map(([path]) => path).sort();
}

describe('deferredToParse', () => {
  it('parses a file that binds a needed module name only where a lookup can enter its module', async () => {
    expect(
      await selected({
        // Above the module where the lookup starts: `super::metrics` or a bare `metrics` there can reach it.
        'src/server/mod.rs': 'pub use crate::stats::names as metrics;\n',
        // A module named like the one passed through.
        'src/util/metrics.rs': 'pub use crate::other::metrics;\n',
        // Plain code elsewhere: nothing is ever looked up in `worker::pool`.
        'src/worker/pool.rs': 'use crate::util::metrics;\nfn f() { metrics::ERRORS.inc(); }\n',
        // An inline module a lookup may enter by its name.
        'src/worker/mod.rs': 'mod metrics {\n    pub use crate::stats::metrics;\n}\n',
        // An inline module no lookup enters.
        'src/worker/queue.rs': '#[cfg(test)]\nmod tests {\n    use crate::util::metrics;\n}\n',
      }),
    ).toEqual(['src/server/mod.rs', 'src/util/metrics.rs', 'src/worker/mod.rs']);
  });

  it('still parses any file that mentions a needed item, or imports a glob into a module a lookup enters', async () => {
    expect(
      await selected({
        'src/worker/pool.rs': 'fn f() { counter(REQ); }\n',
        'src/server/handler/extra.rs': 'use crate::names::*;\n',
        'src/server/mod.rs': 'use crate::names::*;\n',
      }),
    ).toEqual(['src/server/mod.rs', 'src/worker/pool.rs']);
  });
});
