import { Command, CommanderError, Option } from 'commander';
import { unreportedCacheWriteProblem } from './cache/segment-file.js';
import { examplesText } from './commands/help-examples.js';
import { takeBrokenRefWarnings } from './git/repo.js';
import { EXIT_INTERNAL, EXIT_USAGE, ProvenanceError, UsageError } from './errors.js';
import type { Io } from './io.js';
import { guardOutput, terminalText } from './render/terminal-text.js';
import { VERSION } from './version.js';

/**
 * The whole command-line surface. Each action imports its command module lazily so that `--help`
 * never loads tree-sitter.
 */
export async function main(argv: readonly string[], rawIo: Io): Promise<number> {
  const io = guardedIo(rawIo);
  let exitCode = 0;
  const debug = argv.includes('--debug');
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    // The cache is written last, when the run closes: a full disk then still gets its one line.
    const unwritten = unreportedCacheWriteProblem();
    if (unwritten !== null) io.stderr(`warning: ${unwritten}\n`);
    for (const warning of takeBrokenRefWarnings()) io.stderr(`warning: ${warning}\n`);
    return exitCode;
  } catch (error) {
    for (const warning of takeBrokenRefWarnings()) io.stderr(`warning: ${warning}\n`);
    return reportError(error, io, debug, commandNamed(argv));
  }
}

/**
 * Every write passes `guardOutput`: renderers escape repository text where it enters, and this catches
 * any they miss (a warning naming a file, a note quoting a panel title), so that no escape sequence,
 * CR or other control character from a repository, dashboard or scrape reaches the terminal raw.
 */
function guardedIo(io: Io): Io {
  return {
    ...io,
    stdout: (text) => io.stdout(guardOutput(text)),
    // A progress line on a terminal's stderr starts with CR and ends erasing the rest of the line.
    stderr: (text) => io.stderr(guardOutput(text, io.stderrIsTTY)),
  };
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('provenance')
    .description('Which commit introduced a Prometheus metric, which branches have it, and is it deployed? Read from a Rust repository\'s git history, without a checkout.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => undefined });

  program
    .command('list')
    .description('list every Prometheus metric registered in the Rust code at a ref')
    .option('--ref <ref>', 'any commit git understands: branch, origin/x, tag, SHA, HEAD~3', 'HEAD')
    .addOption(repoOption(io.cwd, 'the repository (work tree, bare repository or linked worktree)'))
    .option('--path <glob>', 'only metrics defined in files matching this glob or under this directory')
    .option('--include-tests', 'include metrics defined in #[cfg(test)] code and tests/ directories', false)
    .option('--wrappers', "show the project's functions and macros that register metrics for their callers (found, or declared in provenance.json)", false)
    .option('--verbose', 'parse every Rust file of the tree, not only those the metrics need, and also warn about syntax errors away from any registration (tree-sitter misreading valid Rust), which cannot change the answer', false)
    .option('--json', 'print the versioned JSON document instead of a table (it lists the wrappers too)', false)
    .exitOverride()
    .action(async (opts: { ref: string; repo: string; path?: string; includeTests: boolean; wrappers: boolean; verbose: boolean; json: boolean }) => {
      const { runList } = await import('./commands/list.js');
      setExit(await runList(opts, io));
    });

  const collect = (value: string, previous: string[]): string[] => [...previous, value];

  withPrometheusOptions(
    program
      .command('explain')
      .description('where a metric comes from: introducing commit, refs that define it, and a verdict against the deployed ref')
      .argument('<metric>', 'metric name, or a series name such as x_bucket or x_total')
      .option('--deployed <ref>', "the revision running in production; gives a verdict and exit code 0 (deployed) or 1 (not); 'auto' reads it from --prometheus")
      .option('--ref <ref>', 'same as --deployed')
      .addOption(repoOption(io.cwd))
      .option('--refs <pattern>', 'also index refs matching this for-each-ref pattern, e.g. refs/pull/* (repeatable)', collect, [])
      .option('--only-refs <pattern>', ONLY_REFS_HELP, collect, [])
      .option('--json', 'print the versioned JSON document', false),
    collect,
  )
    .exitOverride()
    .action(async (metric: string, opts: { deployed?: string; ref?: string; repo: string; refs: string[]; onlyRefs: string[]; json: boolean } & PrometheusFlags) => {
      const { runExplain } = await import('./commands/explain.js');
      const { ref, ...rest } = opts;
      setExit(await runExplain({ metric, ...rest, deployed: deployedRef(opts.deployed, ref, false) }, io));
    });

  program
    .command('history')
    .description('the lifecycle of a metric, oldest first: introduced, changed, moved, removed, re-added')
    .argument('<metric>', 'metric name')
    .addOption(repoOption(io.cwd))
    .option('--refs <pattern>', 'also index refs matching this for-each-ref pattern (repeatable)', collect, [])
    .option('--only-refs <pattern>', ONLY_REFS_HELP, collect, [])
    .option('--json', 'print the versioned JSON document', false)
    .exitOverride()
    .action(async (metric: string, opts: { repo: string; refs: string[]; onlyRefs: string[]; json: boolean }) => {
      const { runHistory } = await import('./commands/history.js');
      setExit(await runHistory({ metric, ...opts }, io));
    });

  program
    .command('index')
    .description('build or update the history index (other commands do this implicitly); a long walk reports progress on stderr')
    .addOption(repoOption(io.cwd))
    .option('--refs <pattern>', 'also index refs matching this for-each-ref pattern (repeatable)', collect, [])
    .option('--only-refs <pattern>', ONLY_REFS_HELP, collect, [])
    .option('--json', 'print the versioned JSON document', false)
    .exitOverride()
    .action(async (opts: { repo: string; refs: string[]; onlyRefs: string[]; json: boolean }) => {
      const { runIndex } = await import('./commands/index-command.js');
      setExit(await runIndex(opts, io));
    });

  program
    .command('diff')
    .description('metrics added, removed, changed and moved between two revisions, each with the commit responsible')
    .argument('<base>', 'the deployed revision, or a range: A..B (compare A with B) or A...B (compare the merge-base of A and B with B)')
    .argument('[head]', 'the revision to deploy, when <base> is not a range')
    .addOption(repoOption(io.cwd))
    .option('--format <format>', 'table (default), markdown (for a pull-request comment) or json')
    .option('--json', 'print the versioned JSON document (same as --format json)', false)
    .option(
      '--fail-on <changes>',
      'exit 1 when the diff has such a change: comma-separated added, removed, changed, moved, any, changed-kind, changed-labels, changed-help, changed-buckets, changed-namespace, changed-subsystem, changed-holder, changed-const-labels, changed-registry (repeatable)',
      collect,
      [],
    )
    .option('--commit-url <template>', "commit links in Markdown, e.g. 'https://git.example.com/org/repo/commit/{sha}' (default: from remote.origin.url)")
    .exitOverride()
    .action(async (base: string, head: string | undefined, opts: { repo: string; format?: string; json: boolean; failOn: string[]; commitUrl?: string }) => {
      const { runDiff } = await import('./commands/diff.js');
      setExit(await runDiff({ revisions: head === undefined ? [base] : [base, head], ...opts }, io));
    });

  program
    .command('release-notes')
    .description('Markdown for a CHANGELOG: new, removed and changed metrics of a range, and the panels and rules they break')
    .argument('<range>', 'A..B, A...B, or A followed by B; tags work as ends')
    .argument('[head]', 'the newer revision, when <range> is a single revision')
    .addOption(repoOption(io.cwd))
    .option('--commit-url <template>', "commit link template with {sha}, e.g. 'https://git.example.com/org/repo/commit/{sha}' (default: from remote.origin.url for GitHub, GitLab and Gitea)")
    .option('--dashboard <file>', 'Grafana dashboard JSON whose panels to check against removed and changed metrics (repeatable)', collect, [])
    .option('--rules <file>', 'Prometheus rule file whose alerts and recording rules to check (repeatable)', collect, [])
    .option('--format <format>', 'markdown (default) or json')
    .option('--json', 'same as --format json', false)
    .exitOverride()
    .action(
      async (
        range: string,
        head: string | undefined,
        opts: { repo: string; commitUrl?: string; dashboard: string[]; rules: string[]; format?: string; json: boolean },
      ) => {
        const { runReleaseNotes } = await import('./commands/release-notes.js');
        const { dashboard, ...rest } = opts;
        setExit(await runReleaseNotes({ revisions: head === undefined ? [range] : [range, head], dashboards: dashboard, ...rest }, io));
      },
    );

  const cache = program
    .command('cache')
    .description("show or clear the cache of extracted facts and the history index (kept in the repository's git dir)")
    .exitOverride();
  cache
    .command('info')
    .description('where the cache is, its size, and how many entries it holds')
    .addOption(repoOption(io.cwd))
    .option('--json', 'print the versioned JSON document', false)
    .exitOverride()
    .action(async (opts: { repo: string; json: boolean }) => {
      const { runCacheInfo } = await import('./commands/cache.js');
      setExit(await runCacheInfo(opts, io));
    });
  cache
    .command('clear')
    .description("delete the repository's cache; the next command rebuilds it")
    .addOption(repoOption(io.cwd))
    .option('--json', 'print the versioned JSON document', false)
    .exitOverride()
    .action(async (opts: { repo: string; json: boolean }) => {
      const { runCacheClear } = await import('./commands/cache.js');
      setExit(await runCacheClear(opts, io));
    });

  withPrometheusOptions(
    program
      .command('dashboard')
      .description('why Grafana panels show "No data": each panel\'s metrics checked against the deployed revision, with the root cause')
      .argument('<grafana.json>', 'dashboard JSON: an export (Export > Save to file) or the body of GET /api/dashboards/uid/<uid>')
      .option('--deployed <ref>', "the revision running in production: branch, tag or SHA; 'auto' (the default with --prometheus) reads it from *_build_info series")
      .option('--ref <ref>', 'same as --deployed')
      .addOption(repoOption(io.cwd))
      .option('--scrape <file-or-url>', 'a /metrics exposition of the running service (file, or http(s) URL) to cross-check against')
      .option('--rules <file>', 'Prometheus rule file whose recording rules the panels query (repeatable)', collect, [])
      .option('--fail-on <statuses>', 'exit 1 when a panel has one of these statuses: comma-separated not-deployed, lazy, removed, unknown, no-series-yet, query-problem, query-error, or none (default: all of them)')
      .option('--only-refs <pattern>', ONLY_REFS_HELP, collect, [])
      .option('--format <format>', 'table (default), markdown (for a ticket or a pull-request comment) or json')
      .option('--json', 'print the versioned JSON document (same as --format json)', false),
    collect,
  )
    .exitOverride()
    .action(
      async (
        dashboard: string,
        opts: { deployed?: string; ref?: string; repo: string; scrape?: string; rules: string[]; failOn?: string; onlyRefs: string[]; format?: string; json: boolean } & PrometheusFlags,
      ) => {
        const { runDashboard } = await import('./commands/dashboard.js');
        const { ref, ...rest } = opts;
        const deployed = deployedRef(opts.deployed, ref, opts.prometheus === undefined) ?? 'auto';
        setExit(await runDashboard({ dashboard, ...rest, deployed }, io));
      },
    );

  program
    .command('startup')
    .description('when each lazily registered metric (lazy_static, Lazy, LazyLock, OnceLock) appears: forced at startup, at first use, only after an error, or never (nothing uses it), per binary; a first run over a large workspace reports progress on stderr')
    .option('--ref <ref>', 'any commit git understands: branch, origin/x, tag, SHA', 'HEAD')
    .addOption(repoOption(io.cwd))
    .option('--json', 'print the versioned JSON document', false)
    .exitOverride()
    .action(async (opts: { ref: string; repo: string; json: boolean }) => {
      const { runStartup } = await import('./commands/startup.js');
      setExit(await runStartup(opts, io));
    });

  withPrometheusOptions(
    program
      .command('report')
      .description('one self-contained HTML page for an incident: the panel grid, branch pictures, lifecycles and start-up chains (--json: the data it is drawn from)')
      .option('--deployed <ref>', 'required: the revision running in production: branch, tag or SHA')
      .option('--ref <ref>', 'same as --deployed')
      .option('--dashboard <grafana.json>', 'a Grafana dashboard JSON whose panels to lay out and explain')
      .option('--metric <name>', 'a metric to explain and trace, also when no panel uses it (repeatable)', collect, [])
      .option('--out <file>', 'write the page here (default: stdout, unless --json)'),
    collect,
    false,
  )
    .addOption(repoOption(io.cwd))
    .option('--only-refs <pattern>', ONLY_REFS_HELP, collect, [])
    .option('--json', 'print the versioned JSON document the page is drawn from', false)
    .exitOverride()
    .action(async (opts: PrometheusFlags & { deployed?: string; ref?: string; dashboard?: string; metric: string[]; out?: string; repo: string; onlyRefs: string[]; json: boolean }) => {
      const { runReport } = await import('./commands/report.js');
      const { ref, ...rest } = opts;
      setExit(await runReport({ ...rest, deployed: deployedRef(opts.deployed, ref, true) as string }, io));
    });

  for (const command of [...program.commands, ...cache.commands]) command.addHelpText('after', examplesText(command.name()));
  return program;
}

interface PrometheusFlags {
  prometheus?: string;
  header: string[];
  since?: string;
  job?: string;
  buildInfo?: string;
}

/** `--prometheus` and the options that shape its questions, for `dashboard` and `explain`. */
function withPrometheusOptions(command: Command, collect: (value: string, previous: string[]) => string[], buildInfo = true): Command {
  const withQuestions = command
    .option('--prometheus <url>', `the Prometheus server the dashboard reads from (http or https; user:password@ in the URL for basic auth): which metrics have series${buildInfo ? ', and which revision runs' : ''}`)
    .option('--header <header>', "an HTTP header for --prometheus, e.g. 'Authorization: Bearer ${PROM_TOKEN}' (${NAME} is read from the environment; repeatable)", collect, [])
    .option('--since <duration>', "the window to look for series in, e.g. 30m, 1h, 2d (default: the dashboard's relative time range, else 1h)")
    .option('--job <job>', buildInfo ? 'ask only about series of this job (also picks whose *_build_info names the revision)' : 'ask only about series of this job');
  if (!buildInfo) return withQuestions;
  return withQuestions.option('--build-info <metric>', 'the metric whose revision, git_sha, commit, sha, version or tag label names the running build (default: every *_build_info)');
}

const ONLY_REFS_HELP =
  'index only refs matching this: a branch or tag name or glob such as main, release/* or v*, or a full refs/... pattern (repeatable; default: the "refs" of provenance.json at HEAD, else every branch, remote-tracking branch and tag)';

/** `--repo`, whose default prints as "current directory" rather than this machine's path. */
function repoOption(cwd: string, description = 'the repository'): Option {
  return new Option('--repo <dir>', description).default(cwd, 'current directory');
}

/** `--ref` is accepted wherever `--deployed` is; giving both with different values is a mistake worth a word. */
function deployedRef(deployed: string | undefined, ref: string | undefined, required: boolean): string | undefined {
  if (deployed !== undefined && ref !== undefined && deployed !== ref) {
    throw new UsageError(`--deployed ${JSON.stringify(deployed)} and --ref ${JSON.stringify(ref)} disagree; give one of them`);
  }
  const chosen = deployed ?? ref;
  if (chosen === undefined && required) throw new UsageError("required option '--deployed <ref>' not specified (or give --ref)");
  return chosen;
}

/** The subcommand the user named, for a usage hint: the first argument that is not an option. */
function commandNamed(argv: readonly string[]): string | null {
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  return first !== undefined && /^[a-z][a-z-]*$/.test(first) ? first : null;
}

function reportError(error: unknown, io: Io, debug: boolean, command: string | null): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return 0;
    }
    const unknown = error.code === 'commander.unknownCommand' && error.message.includes(`'${command}'`);
    const help = command === null || unknown ? 'provenance --help' : `provenance ${command} --help`;
    const message = error.message.replace(/^error: /, '').replace(/\n(?=\(Did you mean)/g, ' ');
    io.stderr(`provenance: ${terminalText(message)} (see '${help}')\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ProvenanceError) {
    io.stderr(`provenance: ${terminalText(error.message)}\n`);
    if (debug && error.detail) io.stderr(`${error.detail}\n`);
    if (debug && error.stack) io.stderr(`${error.stack}\n`);
    return error.exitCode;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  io.stderr(`provenance: internal error: ${terminalText(e.message)}\n`);
  io.stderr(`${e.stack ?? ''}\nprovenance ${VERSION}, node ${process.version}. This is a bug; please report it with the lines above.\n`);
  return EXIT_INTERNAL;
}

