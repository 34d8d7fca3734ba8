import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../util/seeded-random.js';

/** Shape of the generated history; the defaults meet the issue's minimum sizes. */
export interface SyntheticShape {
  readonly crates: number;
  readonly filesPerCrate: number;
  readonly metricFilesPerCrate: number;
  readonly initialMetricsPerFile: number;
  readonly maxMetrics: number;
  readonly mainCommits: number;
  readonly branches: number;
  readonly commitsPerBranch: number;
  readonly mergedBranches: number;
  /**
   * `realistic`: code files look like application code (imports, string literals in calls, an inline
   * test module, about 4 KB), so they pass every byte-level check and only the deferral of files
   * without registrations keeps them from being parsed. `minimal`: one small function per file.
   */
  readonly code: 'minimal' | 'realistic';
}

export const DEFAULT_SHAPE: SyntheticShape = {
  crates: 10,
  filesPerCrate: 100,
  metricFilesPerCrate: 5,
  initialMetricsPerFile: 2,
  maxMetrics: 520,
  mainCommits: 4100,
  branches: 30,
  commitsPerBranch: 30,
  mergedBranches: 20,
  code: 'realistic',
};

interface BranchState {
  readonly files: Map<string, string>;
  readonly metrics: Map<string, number[]>;
  mark: number;
}

export interface SyntheticRepo {
  readonly dir: string;
  readonly commits: number;
  readonly metricNames: readonly string[];
  readonly rustFiles: number;
}

const metricName = (id: number): string => `synthetic_subsystem${id % 17}_events_${id}_total`;

function metricFile(ids: readonly number[]): string {
  const statics = ids.map(
    (id) => `    /// Events of kind ${id}.\n    pub static ref EVENTS_${id}: IntCounter =\n        register_int_counter!("${metricName(id)}", "Events of kind ${id}").unwrap();`,
  );
  return `use lazy_static::lazy_static;\nuse prometheus::{register_int_counter, IntCounter};\n\nlazy_static! {\n${statics.join('\n')}\n}\n`;
}

function codeFile(file: string, version: number): string {
  const body: string[] = [];
  for (let i = 0; i < 12; i++) body.push(`    let v${i} = input.wrapping_mul(${version + i}).rotate_left(${i});\n    total = total.wrapping_add(v${i});`);
  return `//! ${file}, revision ${version}.\n\npub fn compute(input: u64) -> u64 {\n    let mut total = 0u64;\n${body.join('\n')}\n    total\n}\n`;
}

/**
 * Application code in the style of a service module; `version` varies literals so every revision is
 * a new blob. No variable is named `raw`: tree-sitter-rust 0.24 reads `&raw` as the start of a raw
 * borrow and reports a syntax error, which the bench is not about.
 */
function realisticCodeFile(file: string, version: number): string {
  const name = path.basename(file, '.rs');
  return `//! ${file}, revision ${version}.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use tracing::{debug, info, warn};

use crate::config::Settings;

pub const DEFAULT_BATCH: usize = ${version % 97 + 16};
const MAX_RETRIES: u32 = ${version % 7 + 3};
static BANNER: &str = "${name}";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    pub key: String,
    pub size: usize,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug)]
pub enum Failure {
    NotFound(String),
    Corrupt { key: String, reason: String },
    Timeout(Duration),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotFound(key) => write!(f, "{} not found", key),
            Failure::Corrupt { key, reason } => write!(f, "{} is corrupt: {}", key, reason),
            Failure::Timeout(d) => write!(f, "timed out after {:?}", d),
        }
    }
}

pub struct Worker {
    store: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    settings: Settings,
    started: Instant,
}

impl Worker {
    pub fn new(store: Arc<Mutex<HashMap<String, Vec<u8>>>>, settings: Settings) -> Self {
        Self { store, settings, started: Instant::now() }
    }

    pub fn run(&mut self, requests: Vec<Request>) -> Result<usize> {
        info!(banner = BANNER, "starting with {} requests", requests.len());
        let mut done = 0;
        for request in requests {
            let mut attempt = 0;
            loop {
                match self.handle(&request) {
                    Ok(()) => break,
                    Err(e) if attempt < MAX_RETRIES => {
                        warn!(error = %e, attempt, "retrying");
                        attempt += 1;
                    }
                    Err(e) => bail!("giving up on {}: {}", request.key, e),
                }
            }
            done += 1;
        }
        debug!(done, "finished");
        Ok(done)
    }

    fn handle(&self, request: &Request) -> Result<(), Failure> {
        let store = self.store.lock().map_err(|_| Failure::Timeout(Duration::from_secs(1)))?;
        let block = store.get(&request.key).ok_or_else(|| Failure::NotFound(request.key.clone()))?;
        if block.len() != request.size {
            return Err(Failure::Corrupt { key: request.key.clone(), reason: format!("size {} != {}", block.len(), request.size) });
        }
        let limit = self.settings.get("limit").unwrap_or(DEFAULT_BATCH);
        if block.len() > limit * ${version % 13 + 2} {
            return Err(Failure::Corrupt { key: request.key.clone(), reason: "too large".into() });
        }
        Ok(())
    }

    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }
}

pub fn parse_tags(list: &str) -> Vec<String> {
    list.split(',').filter(|s| !s.is_empty()).map(|s| s.trim().to_owned()).collect()
}

pub fn load(settings: &Settings) -> Result<Vec<Request>> {
    let text = std::fs::read_to_string(settings.path("${name}.json")).context("reading requests")?;
    serde_json::from_str(&text).context("parsing requests")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags() {
        assert_eq!(parse_tags("a,b,,c"), vec!["a", "b", "c"]);
    }

    #[test]
    fn revision() {
        assert_eq!(DEFAULT_BATCH, ${version % 97 + 16});
    }
}
`;
}

/** Builds the repository with `git fast-import` (thousands of commits in seconds), deterministically. */
export function generateSyntheticRepo(shape: SyntheticShape = DEFAULT_SHAPE, seed = 42): SyntheticRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-bench-'));
  const git = (args: string[], input?: string) => {
    const r = spawnSync('git', args, { cwd: dir, input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  };
  git(['init', '-q', '-b', 'main']);
  git(['config', 'gc.auto', '0']);

  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  let stream = '';
  let mark = 0;
  let time = Date.UTC(2023, 0, 1) / 1000;
  let commits = 0;
  let nextMetric = 0;
  const allMetrics: string[] = [];

  const codeFiles: string[] = [];
  const metricFiles: string[] = [];
  for (let c = 0; c < shape.crates; c++) {
    for (let f = 0; f < shape.filesPerCrate; f++) {
      const file = `crates/c${c}/src/${f < shape.metricFilesPerCrate ? `metrics${f}` : `module${f}`}.rs`;
      (f < shape.metricFilesPerCrate ? metricFiles : codeFiles).push(file);
    }
  }

  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (ref: string, state: BranchState, message: string, changes: Map<string, string>, merge?: number) => {
    mark++;
    time += 60;
    commits++;
    stream += `commit ${ref}\nmark :${mark}\ncommitter Bench <bench@provenance.invalid> ${time} +0000\n${data(message)}`;
    if (state.mark > 0) stream += `from :${state.mark}\n`;
    if (merge !== undefined) stream += `merge :${merge}\n`;
    for (const [file, content] of changes) {
      stream += `M 100644 inline ${file}\n${data(content)}`;
      state.files.set(file, content);
    }
    state.mark = mark;
  };
  const addMetric = (state: BranchState, changes: Map<string, string>) => {
    if (nextMetric >= shape.maxMetrics) return;
    const file = pick(metricFiles);
    const ids = [...(state.metrics.get(file) ?? []), nextMetric];
    allMetrics.push(metricName(nextMetric++));
    state.metrics.set(file, ids);
    changes.set(file, metricFile(ids));
  };
  const work = (state: BranchState, label: string, index: number) => {
    const changes = new Map<string, string>();
    const roll = rnd();
    if (roll < 0.08) addMetric(state, changes);
    else if (roll < 0.09) {
      const file = pick(metricFiles);
      const ids = state.metrics.get(file) ?? [];
      if (ids.length > 1) {
        state.metrics.set(file, ids.slice(1));
        changes.set(file, metricFile(ids.slice(1)));
      }
    }
    const touched = 1 + Math.floor(rnd() * 2);
    for (let i = 0; i < touched; i++) {
      const file = pick(codeFiles);
      changes.set(file, code(file, index * 7 + i));
    }
    return { changes, message: `${label} change ${index}` };
  };

  const main: BranchState = { files: new Map(), metrics: new Map(), mark: 0 };
  const initial = new Map<string, string>();
  initial.set('Cargo.toml', `[workspace]\nmembers = [${Array.from({ length: shape.crates }, (_, c) => `"crates/c${c}"`).join(', ')}]\n`);
  for (let c = 0; c < shape.crates; c++) {
    initial.set(`crates/c${c}/Cargo.toml`, `[package]\nname = "c${c}"\nversion = "0.1.0"\n\n[dependencies]\nprometheus = "0.13"\nlazy_static = "1"\n`);
  }
  const code = shape.code === 'realistic' ? realisticCodeFile : codeFile;
  for (const file of codeFiles) initial.set(file, code(file, 0));
  for (const file of metricFiles) {
    const ids: number[] = [];
    for (let i = 0; i < shape.initialMetricsPerFile; i++) {
      ids.push(nextMetric);
      allMetrics.push(metricName(nextMetric++));
    }
    main.metrics.set(file, ids);
    initial.set(file, metricFile(ids));
  }
  commit('refs/heads/main', main, 'Initial import', initial);

  const branchEvery = Math.floor(shape.mainCommits / (shape.branches + 1));
  const pending: { name: string; state: BranchState; mergeAt: number }[] = [];
  for (let i = 1; i <= shape.mainCommits; i++) {
    const { changes, message } = work(main, 'main', i);
    commit('refs/heads/main', main, message, changes);
    if (i % 500 === 0) stream += `reset refs/tags/v${i / 500}.0\nfrom :${main.mark}\n`;
    if (i % branchEvery === 0 && i / branchEvery <= shape.branches) {
      const b = Math.floor(i / branchEvery);
      const state: BranchState = { files: new Map(main.files), metrics: new Map(main.metrics), mark: main.mark };
      const name = `refs/heads/feature/b${b}`;
      for (let j = 1; j <= shape.commitsPerBranch; j++) {
        const w = work(state, `feature b${b}`, i * 1000 + j);
        commit(name, state, w.message, w.changes);
      }
      if (b <= shape.mergedBranches) pending.push({ name, state, mergeAt: i + Math.floor(branchEvery / 2) });
    }
    for (const p of pending.filter((q) => q.mergeAt === i)) {
      const changes = new Map<string, string>();
      for (const [file, content] of p.state.files) if (main.files.get(file) !== content) changes.set(file, content);
      for (const [file, ids] of p.state.metrics) {
        const merged = [...new Set([...(main.metrics.get(file) ?? []), ...ids])].sort((x, y) => x - y);
        main.metrics.set(file, merged);
        changes.set(file, metricFile(merged));
      }
      commit('refs/heads/main', main, `Merge ${p.name.replace('refs/heads/', '')}`, changes, p.state.mark);
    }
  }
  git(['fast-import', '--quiet'], stream);
  git(['read-tree', 'main']);
  return { dir, commits, metricNames: allMetrics, rustFiles: codeFiles.length + metricFiles.length };
}
