import { describe, expect, it } from 'vitest';
import { extractBlob } from '../../src/extract/registrations/extract-blob.js';
import { mayBuildOpts } from '../../src/extract/registrations/opts.js';

describe('mayBuildOpts', () => {
  it('finds the option types and the option macros before their `!`', () => {
    for (const text of ['Opts::new("a", "b")', 'let o = HistogramOpts { common_opts: c };', 'prometheus::opts!("a", "b")', 'histogram_opts !("a", "b")', 'opts // why\n !("a", "b")', 'opts /* a /* nested */ comment */ !("a", "b")', 'use prometheus::{Counter, Opts};']) {
      expect(mayBuildOpts(text), text).toBe(true);
    }
  });

  it('ignores variables, fields and other names that hold `opts`', () => {
    for (const text of ['let opts = config.opts.clone();', 'fn f(opts: &ReadOpts) {}', 'cmd.extra_opts.deadline', 'RaftCmdExtraOpts { a }', 'my_opts!(x)', 'opts /* ! */ .x', 'OPTS']) {
      expect(mayBuildOpts(text), text).toBe(false);
    }
  });
});

describe('options passed to a wrapper', () => {
  const argumentKinds = (text: string) => extractBlob(Buffer.from(text), 'src/lib.rs').calls.map((call) => call.args.map((arg) => arg.kind));

  it('are read as options when built by the macro, the type, or a local bound to one', () => {
    expect(argumentKinds('fn f() {\n    let o = Opts::new("a_total", "help");\n    app::counter(o);\n    app::counter(prometheus::opts /* c */ !("b_total", "help"));\n}\n')).toEqual([['opts'], ['opts']]);
  });

  it('are not confused with a parameter named `opts`, which is passed on as a string', () => {
    expect(argumentKinds('fn f(opts: Config) {\n    app::counter("a_total", opts);\n}\n')).toEqual([['string', 'string']]);
  });
});
