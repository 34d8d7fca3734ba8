/** Small, readable Rust sources for scenario repositories. */

export interface CounterSpec {
  readonly static: string;
  readonly name: string;
  readonly help?: string;
  readonly labels?: readonly string[];
  readonly histogram?: boolean;
}

export const CARGO_TOML = (name = 'svc'): string =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\n`;

/** A `metrics.rs` with one `lazy_static!` block registering the given metrics. */
export function lazyMetrics(specs: readonly CounterSpec[]): string {
  const lines = specs.map((s) => {
    const help = s.help ?? `Help for ${s.name}`;
    if (s.histogram) {
      return `    pub static ref ${s.static}: Histogram =\n        register_histogram!("${s.name}", "${help}").unwrap();`;
    }
    if (s.labels) {
      const labels = s.labels.map((l) => `"${l}"`).join(', ');
      return `    pub static ref ${s.static}: IntCounterVec =\n        register_int_counter_vec!("${s.name}", "${help}", &[${labels}]).unwrap();`;
    }
    return `    pub static ref ${s.static}: IntCounter =\n        register_int_counter!("${s.name}", "${help}").unwrap();`;
  });
  return [
    'use lazy_static::lazy_static;',
    'use prometheus::*;',
    '',
    'lazy_static! {',
    ...lines,
    '}',
    '',
  ].join('\n');
}

export const MAIN_RS = 'mod metrics;\n\nfn main() {\n    println!("hello");\n}\n';
