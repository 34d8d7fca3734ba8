import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractBlob } from '../../src/extract/registrations/extract-blob.js';
import { FOREIGN_MACROS } from '../../src/extract/macro-vocabulary.js';
import { mightDefineConstants, mightDefineMetrics, mightDefineMetricsText, mightDefineOwnMetrics, OWN_REGISTRATION_PARTS, prefilterVerdict, registersItself, worthParsing } from '../../src/extract/registrations/prefilter.js';
import { testModuleFiles } from '../../src/extract/registrations/test-module-declaration.js';

/** Whether the scan finds any module in another file declared as test code. */
const declaresTestModuleFile = (text: string) => testModuleFiles(text) !== false;
import { CALL_PATH_NAMES, FACADE_MACROS, METRIC_TYPES, REGISTER_MACRO } from '../../src/extract/registrations/registration-vocabulary.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/rust');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.rs'));
/** Every Rust file under fixtures/, wrapper shapes and start-up cases included. */
const ALL_RUST = readdirSync(path.resolve(FIXTURES, '..'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.rs'))
  .map((f) => path.resolve(FIXTURES, '..', f));

describe('mightDefineMetrics', () => {
  it.each([
    ['a register macro', 'register_int_counter!("a", "b")'],
    ['a constructor', 'let c = IntCounter::new("a", "b");'],
    ['options', 'let o = Opts::new("a", "b");'],
    ['a metrics macro', 'counter!("a").increment(1);'],
    ['a metrics macro with space before !', 'gauge !("a").set(1.0);'],
    ['a describe macro', 'describe_histogram!("a", "b");'],
    ['a registry', 'let r = Registry::new_custom(None, None);'],
  ])('is true for %s', (_name, source) => {
    expect(mightDefineMetrics(Buffer.from(source))).toBe(true);
    expect(mightDefineMetricsText(source)).toBe(true);
  });

  it.each([
    ['a wrapper call with a name', 'fn init() { let c = app_metric("requests_total"); }'],
    ['a wrapper call with a raw-string name', 'fn init() { let c = app_metric(r#"requests_total"#); }'],
    ['a wrapper call with a format! name', 'fn init() { let c = app_metric(&format!("shard_{}_total", n), help()); }'],
    ['a project macro call', 'fn init() { let c = my_counter!("requests_total", "Requests"); }'],
    ['a function passing a string parameter on', 'pub fn app(name: &str) -> Thing { helper(name) }'],
    ['a macro_rules! definition', 'macro_rules! m { ($n:expr) => { helper($n) }; }'],
  ])('is true (a possible wrapper or wrapper call) for %s', (_name, source) => {
    expect(mightDefineMetrics(Buffer.from(source))).toBe(true);
  });

  it.each([
    ['plain code', 'fn main() { println!("hello"); }'],
    ['messages and paths', 'fn f() -> u64 { let p = open("/etc/hosts"); log_line("a b c"); compute(input, 3) }'],
    ['a counter variable', 'let counter = 1; let gauge_value = counter + 1;'],
    ['an empty blob', ''],
  ])('is false for %s', (_name, source) => {
    expect(mightDefineMetrics(Buffer.from(source))).toBe(false);
    expect(mightDefineMetricsText(source)).toBe(false);
  });

  it.each(fixtures)('is never false where extractBlob finds registrations: %s', (file) => {
    const bytes = readFileSync(path.join(FIXTURES, file));
    const facts = extractBlob(bytes, file);
    const wrapping = facts.functions.length + facts.macros.length + facts.calls.length;
    if (facts.registrations.length > 0 || facts.registerCalls.length > 0 || facts.customRegistries.length > 0 || wrapping > 0) {
      expect(mightDefineMetrics(bytes)).toBe(true);
    }
    if (facts.constants.length > 0 || facts.uses.length > 0 || facts.modules.length > 0) {
      expect(mightDefineConstants(bytes)).toBe(true);
    }
  });
});

describe('foreign macros', () => {
  // The prefilter may skip a blob for a string in such a macro only because the extractor never reads
  // the macro's call as a wrapper call: both stages read the one vocabulary.
  it.each([...FOREIGN_MACROS])('%s!("…") is neither worth parsing nor a call', (name) => {
    const source = `fn f() { ${name}!("requests_total"); }`;
    // `macro_rules!` still makes a blob worth parsing: it may define a wrapper.
    expect(mightDefineMetrics(Buffer.from(source))).toBe(name === 'macro_rules');
    expect(extractBlob(Buffer.from(source), 'src/lib.rs').calls).toEqual([]);
  });
});

describe('mightDefineConstants', () => {
  it.each([
    ['a const', 'pub const NAME: &str = "x";'],
    ['a static', 'static\tNAME: &str = "x";'],
    ['a module', 'mod metrics;'],
    ['a use', 'use crate::names::*;'],
  ])('is true for %s', (_name, source) => {
    expect(mightDefineConstants(Buffer.from(source))).toBe(true);
  });

  it('is false without declarations', () => {
    expect(mightDefineConstants(Buffer.from('fn main() { let constant = 1; }'))).toBe(false);
  });
});

describe('prefilterVerdict', () => {
  it.each(ALL_RUST)('agrees with mightDefineMetrics, mightDefineConstants and mightDefineOwnMetrics: %s', (file) => {
    const bytes = readFileSync(file);
    const text = bytes.toString('latin1');
    const worth = mightDefineMetrics(bytes) || mightDefineConstants(bytes);
    expect(worthParsing(bytes)).toBe(worth);
    const expected = !worth ? 'skip' : mightDefineOwnMetrics(text) ? 'parse' : 'defer';
    expect(prefilterVerdict(bytes)).toBe(expected);
  });

  it.each([
    ['plain code', 'pub fn f(x: u64) -> u64 { x * 2 }\n', 'skip'],
    ['code with imports and literals', 'use std::fmt;\npub fn f() { g("x"); }\n', 'defer'],
    ['a registration', 'lazy_static! { static ref X: IntCounter = register_int_counter!("x_total", "x").unwrap(); }', 'parse'],
    ['a test module in another file (deferred: parsed when a parsed file sits below it)', 'use super::*;\n#[cfg(test)]\nmod helpers;\n', 'defer'],
  ])('%s: %s', (_name, source, verdict) => {
    expect(prefilterVerdict(Buffer.from(source))).toBe(verdict);
  });
});

describe('mightDefineOwnMetrics', () => {
  it.each(ALL_RUST)('is never false where a blob registers or defines a registering wrapper: %s', (file) => {
    const bytes = readFileSync(file);
    const facts = extractBlob(bytes, file);
    const own =
      facts.registrations.length +
      facts.registerCalls.length +
      facts.customRegistries.length +
      facts.functions.filter((f) => f.registrations.length > 0).length +
      facts.macros.filter((m) => m.arms.some((a) => a.registrations.length > 0)).length;
    if (own > 0) expect(mightDefineOwnMetrics(bytes.toString('latin1'))).toBe(true);
  });

  it('is true for a registration and false for a test module declared in another file (that one is deferred)', () => {
    expect(mightDefineOwnMetrics('lazy_static! { static ref X: IntCounter = register_int_counter!("x_total", "x").unwrap(); }')).toBe(true);
    expect(mightDefineOwnMetrics('#[cfg(test)]\nmod helpers;\n')).toBe(false);
  });
});

describe('testModuleFiles', () => {
  it.each(ALL_RUST)('is never false where the extractor marks a module in another file as test code: %s', (file) => {
    const bytes = readFileSync(file);
    if (extractBlob(bytes, file).modules.some((m) => m.test && !m.inline)) expect(declaresTestModuleFile(bytes.toString('latin1'))).toBe(true);
  });

  it.each(ALL_RUST)('names every module below the file that the extractor marks as test code: %s', (file) => {
    const bytes = readFileSync(file);
    const declared = testModuleFiles(bytes.toString('latin1'));
    for (const m of extractBlob(bytes, file).modules.filter((m) => m.test && !m.inline)) {
      const below = (m.scope[0] ?? m.name).replace(/^r#/, '');
      if (declared !== 'any') expect(declared === false ? [] : declared).toContain(below);
    }
  });

  it.each([
    ['a test module beside ordinary ones', 'pub mod blob_io;\npub(crate) mod timeline;\n#[cfg(test)]\npub mod debug;\n', ['debug']],
    ['a raw-named test module', '#[cfg(test)] mod r#async ;', ['async']],
    ['a module declared with a comment before its name', '#[cfg(test)]\nmod /* helpers */ helpers;', ['helpers']],
    ['every module of a test-only file', '#![cfg(test)]\nmod a;\nmod b;\n', ['a', 'b']],
    ['a module in a test module body: it and every inline module', '#[cfg(test)]\npub(crate) mod tests {\n    mod fixtures;\n}\nmod other { fn f() {} }\n', ['fixtures', 'other', 'tests']],
    ['a module in a test function', '#[test]\nfn t() {\n    mod h;\n}\n', ['h']],
  ])('names the modules for %s', (_name, source, names) => {
    expect(testModuleFiles(source)).toEqual(names);
  });

  it.each([
    ['an unclosed string before a test module', '#[cfg(test)]\nmod helpers;\nconst S: &str = "never closed;\n'],
    ['a declaration tree-sitter recovers from odd text', '#[cfg(test)]\nmod] x;\n'],
  ])('answers any module for %s', (_name, source) => {
    expect(testModuleFiles(source)).toBe('any');
  });

  it.each([
    ['code with re-exports, constants, calls with literals and a forwarding function', 'use crate::names::REQ;\npub const TABLE: &str = "users";\npub fn open(name: &str) { app_counter(name); vec!["a", "b"]; }\n'],
    ['an inline test module', 'use super::*;\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn works() {}\n}\n'],
    ['a module for tests and a feature (it builds outside tests too)', '#[cfg(any(test, feature = "testing"))]\npub mod test_util;\n'],
    ['a module under cfg(not(test))', '#[cfg(not(test))]\nmod real;\n'],
    ['a file whose only test-like attribute is a cfg_attr', '#![cfg_attr(test, feature(test))]\nmod cf_names;\n'],
    ['a module under a feature named like a test', '#[cfg(feature = "testexport")]\nmod test_runner;\n'],
    ['a test module inline, then `mod` only in a comment', '#[cfg(test)]\nuse x::Y;\n// Doing a mod to ensure we never end up empty.\nfn f() {}\n'],
    ['a test attribute and a module declaration only inside strings', 'const A: &str = "#[cfg(test)] mod x;";\nconst B: &str = r#"mod y;"#;\n'],
    ['a module after a test-only crate import (the attribute applies to the next item only)', '#![feature(test)]\n#[cfg(test)]\nextern crate test;\n\nmod apply;\npub mod store;\n'],
    ['a module after a test function', '#[::tokio::test]\nasync fn t() {}\nmod h;'],
    ['a module after a parameterised test', '#[test_case(1)]\nfn t(x: u8) {}\nmod h;'],
    ['a module after a test-only static with a struct literal', '#[cfg(test)]\nstatic S: Foo = Foo { a: [0; 2] };\nmod h;\n'],
    ['a module after a test-only use list', '#[cfg(test)]\npub use a::{b, c};\nmod h;\n'],
    ['a module after a test-only impl with a const-generic type', '#[cfg(test)]\nimpl<const N: usize> Foo<{ N }> where [(); N]: Sized {\n    fn f() {}\n}\nmod h;\n'],
    ['a module after an inline test module that closes', 'mod tests {\n    #![cfg(test)]\n    fn a() {}\n}\nmod h;\n'],
    ['a module after a test-only statement in a function', 'fn f() {\n    #[cfg(test)]\n    let x = { 1 };\n    mod h;\n}\n'],
  ])('is false for %s', (_name, source) => {
    expect(declaresTestModuleFile(source)).toBe(false);
    // Never narrower than the extractor: it marks no module file of these as test code either.
    expect(extractBlob(Buffer.from(source), 'src/x.rs').modules.filter((m) => m.test && !m.inline)).toEqual([]);
  });

  it.each([
    ['a test module in another file', '#[cfg(test)]\nmod helpers;\n'],
    ['a raw-named test module in another file', '#[cfg(test)] mod r#async ;'],
    ['a test module declaration cut short', '#[cfg(test)]\nmod tests'],
    ['a test module declared with a comment before its name', '#[cfg(test)]\nmod /* helpers */ helpers;'],
    ['a module under cfg(all(.., test)), spaced, with a bracket in a string before test', '#[cfg( all( feature = "a]b", test ) )]\nmod h;'],
    ['a file that is test code itself', '#![cfg(test)]\nmod h;'],
    ['a module inside a test function marked through a path', '#[::tokio::test]\nasync fn t() { mod h; }'],
    ['a module inside a parameterised test', '#[test_case(1)]\nfn t(x: u8) {\n    mod h;\n}'],
    ['a module in a test module body', '#[cfg(test)]\npub(crate) mod tests {\n    use super::*;\n    mod fixtures;\n}\n'],
    ['a module under a test attribute and other attributes', '#[cfg(test)]\n#[path = "t.rs"]\n#[allow(dead_code)]\nmod t;\n'],
    ['a module in a test module body after a test function', '#[cfg(test)]\nmod tests {\n    #[test]\n    fn a() {}\n    mod data;\n}\n'],
    ['a module after a test module\'s inner attribute', 'mod tests {\n    #![cfg(test)]\n    fn a() {}\n    mod data;\n}\n'],
    ['a module in a test function whose signature holds a const block', '#[test]\nfn t() -> Foo<{ N }> {\n    mod h;\n}\n'],
    ['a module in the else branch of a test-only statement', 'fn f() {\n    #[cfg(test)]\n    if a { } else { mod h; }\n}\n'],
    ['a module in a test-only macro body', '#[cfg(test)]\ncfg_if! { if #[cfg(x)] { mod h; } }\n'],
    ['a module after a test attribute whose item never ends', '#[cfg(test)]\nfn f() {\n    mod h;\n'],
    ['a test module after a comment and a string that hold a module-like text', '// mod a;\nconst S: &str = "x";\n#[cfg(test)]\nmod helpers;\n'],
    ['an unclosed string before a test module: read whole', '#[cfg(test)]\nmod helpers;\nconst S: &str = "never closed;\n'],
  ])('is true for %s', (_name, source) => {
    expect(declaresTestModuleFile(source)).toBe(true);
  });
});

describe('registersItself', () => {
  it.each([
    ['a prometheus register macro', 'lazy_static! { static ref X: IntCounter = register_int_counter!("x", "y").unwrap(); }'],
    ['a register macro with a comment before its bang', 'let x = register_histogram /* h */ !("x", "y");'],
    ['a constructor', 'let c = IntCounter::new("a", "b");'],
    ['a constructor through a path, spaced', 'let c = prometheus::IntCounterVec :: new(opts, &["a"]);'],
    ['a generic constructor', 'let c = GenericCounter::<AtomicU64>::new("a", "b");'],
    ['a facade macro', 'metrics::counter!("a_total").increment(1);'],
    ['an old facade macro', 'increment_gauge!("queue", 1.0);'],
    ['every macro of the facade 0.17–0.21 with a dotted name', 'absolute_counter!("a.b", 1); decrement_gauge!("a.c", 1.0);'],
    ['the facade 0.x register macros', 'let h = metrics::register_histogram!("db.flush.seconds");'],
    ['a collector registered in a Once', 'INIT.call_once(|| { prometheus::register(Box::new(MyCollector::new())).unwrap(); });'],
    ['a boxed register call', 'registry.register(Box::new(C.clone())).unwrap();'],
    ['a register call boxing through a path, cast, across lines', 'registry.register(\n    std::boxed::Box :: new(c) as Box<dyn Collector>,\n);'],
    ['a prometheus-client register call across lines with a trailing comma', 'registry.register(\n    "requests",\n    "help",\n    c.clone(),\n);'],
    ['a prometheus-client register call', 'registry.register("requests", "help", c.clone());'],
    ['a register call whose arguments hold a char literal', "registry.register(name(')'), help, c);"],
    ['register_with_unit', 'r.register_with_unit("a", "b", Unit::Seconds, h);'],
    ['a custom registry', 'let r = Registry::new_custom(Some("p".into()), None);'],
  ])('is true for %s', (_name, source) => {
    expect(registersItself(source)).toBe(true);
    expect(mightDefineOwnMetrics(source)).toBe(true);
  });

  it.each([
    ['identifiers that only contain marker words', 'fn f() { let o = IndexerOpts::new(); register_task(); RecordCounter::new(); }'],
    ['a register call with one unboxed argument', 'registry.register(handler);'],
    ['a register call with two arguments', 'registry.register(a, (b, c));'],
    ['a two-argument register call with a trailing comma, in a file that boxes elsewhere', 'router.register(\n    id,\n    Box::new(mailbox),\n);\nlet b = Box::new(1);'],
    ['a one-argument register call of something else, in a file that boxes elsewhere', 'router.register(mailbox); let b = Box::new(1);'],
    ['a fn named register with three parameters', 'pub fn register(&self, id: u64, mailbox: Mailbox<A, B>) { self.map.insert(id, mailbox); }'],
    ['a macro whose name ends in a marker', 'let x = my_counter!(3);'],
    ['a type named like a metric in a signature', 'fn f(c: &Counter) -> Gauge { todo!() }'],
  ])('is false for %s', (_name, source) => {
    expect(registersItself(source)).toBe(false);
  });

  // The quick search that rules blobs out must hold for every token the precise pattern can match.
  it('finds one of its word parts in every registration token it knows', () => {
    // The names below are all REGISTER_MACRO matches: when it changes, so must they.
    expect(REGISTER_MACRO.source).toBe('^register_(int_)?(counter|gauge|histogram)(_vec)?(_with_registry)?$');
    const registerMacros: string[] = [];
    for (const int of ['', 'int_']) for (const kind of ['counter', 'gauge', 'histogram']) for (const vec of ['', '_vec']) for (const registry of ['', '_with_registry']) registerMacros.push(`register_${int}${kind}${vec}${registry}`);
    expect(registerMacros.every((name) => REGISTER_MACRO.test(name))).toBe(true);
    const words = [...registerMacros, ...Object.keys(FACADE_MACROS), ...Object.keys(METRIC_TYPES), ...[...CALL_PATH_NAMES].filter((n) => n !== 'register')];
    expect(words.filter((word) => !OWN_REGISTRATION_PARTS.some((part) => word.includes(part)))).toEqual([]);
  });
});
