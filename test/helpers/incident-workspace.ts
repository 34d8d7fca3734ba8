/**
 * A three-binary workspace shaped like the incident's: an ingester, a backfiller (main in
 * `src/bin/backfill.rs`) and an indexer, each with a `metrics.rs` of `lazy_static!` registrations,
 * grouped `use crate::{metrics, ..}` imports, error counters bumped only in error handling, metrics
 * nothing uses, and an indexer whose start-up path calls into a workspace crate that does not depend on it.
 */
import type { FileChanges } from '../../src/demo/git-fixture.js';

const MANIFEST = (name: string, extra = ''): string =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nprometheus = { workspace = true }\nlazy_static = "1"\ntokio = "1"\n${extra}`;

function metricsFile(specs: readonly (readonly [string, string])[], initialize: boolean): string {
  const lines = specs.map(([name, metric]) => `    pub static ref ${name}: IntCounter =\n        register_int_counter!("${metric}", "${metric} help").unwrap();`);
  const init = initialize ? ['', 'pub fn initialize_metrics() {', ...specs.map(([name]) => `    lazy_static::initialize(&${name});`), '}'] : [];
  return ['use lazy_static::lazy_static;', 'use prometheus::{register_int_counter, IntCounter};', '', 'lazy_static! {', ...lines, '}', ...init, ''].join('\n');
}

export const INGESTER_METRICS = [
  ['EVENTS_TOTAL', 'ingester_events_total'],
  ['ERRORS_TOTAL', 'ingester_errors_total'],
  ['UNUSED_TOTAL', 'ingester_unused_total'],
] as const;

export const BACKFILLER_METRICS = [
  ['REPOS_TOTAL', 'backfiller_repos_total'],
  ['FETCH_ERRORS', 'backfiller_fetch_errors_total'],
  ['HTTP_ERRORS', 'backfiller_http_errors_total'],
  ['STALE_TOTAL', 'backfiller_stale_total'],
] as const;

export const INDEXER_METRICS = [
  ['INDEXED_TOTAL', 'indexer_indexed_total'],
  ['INDEX_ERRORS', 'indexer_index_errors_total'],
  ['RESOLVE_ERRORS', 'indexer_resolve_errors_total'],
  ['RETRIES_TOTAL', 'indexer_retries_total'],
] as const;

const INGESTER_MAIN = (initialize: boolean): string => `mod firehose;
mod metrics;
mod streams;

pub struct IngesterConfig {
    pub url: String,
}

#[tokio::main]
async fn main() {
${initialize ? '    metrics::initialize_metrics();\n' : ''}    let config = IngesterConfig { url: std::env::var("URL").unwrap_or_default() };
    firehose::run(&config).await;
}
`;

const INGESTER_FIREHOSE = `use crate::{metrics, streams, IngesterConfig};

pub async fn run(config: &IngesterConfig) {
    loop {
        match streams::next(&config.url).await {
            Ok(event) => {
                metrics::EVENTS_TOTAL.inc();
                handle(&event);
            }
            Err(e) => record_failure(&e),
        }
    }
}

fn record_failure(e: &str) {
    metrics::ERRORS_TOTAL.inc();
    eprintln!("firehose: {e}");
}

fn handle(event: &str) {
    println!("{event}");
}
`;

const INGESTER_STREAMS = `pub async fn next(url: &str) -> Result<String, String> {
    if url.is_empty() {
        return Err("no url".to_string());
    }
    Ok(url.to_string())
}
`;

const BACKFILLER_LIB = `pub mod metrics;
pub mod repo;
`;

const BACKFILLER_BIN = (initialize: boolean): string => `use backfiller::{metrics, repo};

fn main() {
${initialize ? '    metrics::initialize_metrics();\n' : ''}    for name in std::env::args().skip(1) {
        if let Err(e) = repo::backfill(&name) {
            metrics::FETCH_ERRORS.inc();
            eprintln!("{name}: {e}");
        }
    }
}
`;

const BACKFILLER_REPO = `use crate::metrics::{self, REPOS_TOTAL};

pub fn backfill(name: &str) -> Result<(), String> {
    let body = fetch(name).map_err(|e| {
        metrics::HTTP_ERRORS.inc();
        e
    })?;
    REPOS_TOTAL.inc();
    println!("{body}");
    Ok(())
}

fn fetch(name: &str) -> Result<String, String> {
    if name.is_empty() {
        Err("empty".to_string())
    } else {
        Ok(name.to_string())
    }
}
`;

const INDEXER_MAIN = `mod index;
mod metrics;

fn main() {
    let resolver = did_resolver::Resolver::new();
    index::run(&resolver);
}
`;

const INDEXER_INDEX = `use crate::metrics::{INDEXED_TOTAL, INDEX_ERRORS};
use crate::metrics;
use did_resolver::Resolver;

pub fn run(resolver: &Resolver) {
    for doc in ["a", "b"] {
        match resolver.resolve(doc) {
            Some(id) => {
                if let Err(e) = store(&id) {
                    INDEX_ERRORS.inc();
                    eprintln!("{e}");
                } else {
                    INDEXED_TOTAL.inc();
                }
            }
            None => report(doc),
        }
    }
}

fn report(doc: &str) {
    metrics::RESOLVE_ERRORS.inc();
    eprintln!("cannot resolve {doc}");
}

fn store(id: &str) -> Result<(), String> {
    if id.is_empty() { Err("empty id".into()) } else { Ok(()) }
}
`;

const RESOLVER_LIB = `mod cache;

pub struct Resolver {
    cache: cache::Cache,
}

impl Resolver {
    pub fn new() -> Self {
        let cache = cache::Cache::open(generated_path!());
        Resolver { cache }
    }

    pub fn resolve(&self, doc: &str) -> Option<String> {
        self.cache.lookup(doc)
    }
}
`;

const RESOLVER_CACHE = `pub struct Cache;

impl Cache {
    pub fn open(_path: &str) -> Self {
        hidden::setup();
        Cache
    }

    pub fn lookup(&self, doc: &str) -> Option<String> {
        Some(doc.to_string())
    }
}
`;

/** The workspace before the fix: no `initialize_metrics()` anywhere. */
export function incidentWorkspace(): FileChanges {
  return {
    'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\nprometheus = "0.13"\ndid-resolver = { path = "crates/did-resolver" }\n',
    'crates/ingester/Cargo.toml': MANIFEST('ingester'),
    'crates/ingester/src/main.rs': INGESTER_MAIN(false),
    'crates/ingester/src/metrics.rs': metricsFile(INGESTER_METRICS, false),
    'crates/ingester/src/firehose.rs': INGESTER_FIREHOSE,
    'crates/ingester/src/streams.rs': INGESTER_STREAMS,
    'crates/backfiller/Cargo.toml': MANIFEST('backfiller'),
    'crates/backfiller/src/lib.rs': BACKFILLER_LIB,
    'crates/backfiller/src/bin/backfill.rs': BACKFILLER_BIN(false),
    'crates/backfiller/src/metrics.rs': metricsFile(BACKFILLER_METRICS, false),
    'crates/backfiller/src/repo.rs': BACKFILLER_REPO,
    'crates/indexer/Cargo.toml': MANIFEST('indexer', 'did-resolver = { workspace = true }\n'),
    'crates/indexer/src/main.rs': INDEXER_MAIN,
    'crates/indexer/src/metrics.rs': metricsFile(INDEXER_METRICS, false),
    'crates/indexer/src/index.rs': INDEXER_INDEX,
    'crates/did-resolver/Cargo.toml': '[package]\nname = "did-resolver"\nversion = "0.1.0"\nedition = "2021"\n',
    'crates/did-resolver/src/lib.rs': RESOLVER_LIB,
    'crates/did-resolver/src/cache.rs': RESOLVER_CACHE,
  };
}

/** The fix: `initialize_metrics()` in each metrics.rs, called from the ingester's and the backfiller's mains. */
export function incidentFix(): FileChanges {
  return {
    'crates/ingester/src/main.rs': INGESTER_MAIN(true),
    'crates/ingester/src/metrics.rs': metricsFile(INGESTER_METRICS, true),
    'crates/backfiller/src/bin/backfill.rs': BACKFILLER_BIN(true),
    'crates/backfiller/src/metrics.rs': metricsFile(BACKFILLER_METRICS, true),
    'crates/indexer/src/metrics.rs': metricsFile(INDEXER_METRICS, true),
  };
}
