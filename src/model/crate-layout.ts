import { parse as parseToml } from 'smol-toml';
import path from 'node:path';

/** One Cargo package of the analysed tree. */
export interface CrateInfo {
  /** The Rust identifier of the crate (`my-crate` → `my_crate`). */
  readonly name: string;
  readonly packageName: string;
  readonly version: string | null;
  /** Directory holding its Cargo.toml, relative to the repository root ('' for the root). */
  readonly dir: string;
  /** Dependencies by the name code uses for them. */
  readonly dependencies: ReadonlyMap<string, DependencyInfo>;
  /** `[[bin]]` targets whose `path` is not where Cargo would look by default, relative to `dir`. */
  readonly binPaths?: readonly { readonly name: string; readonly path: string }[];
}

export interface DependencyInfo {
  /** The package on crates.io (or the local package's name). */
  readonly packageName: string;
  /** A path or workspace-path dependency: a crate of this repository, not the registry crate of that name. */
  readonly local: boolean;
  /** The version requirement as written (`"0.12"`, `"=0.7.0"`, workspace-inherited ones too); absent when none is given. */
  readonly version?: string;
}

export interface CrateLayout {
  readonly crates: readonly CrateInfo[];
  readonly warnings: readonly string[];
}

/** Where a file sits in the Rust module tree. */
export interface FileModule {
  readonly crate: CrateInfo | null;
  /** Module path from the crate root (`src/a/b.rs` → `['a','b']`). */
  readonly modulePath: readonly string[];
  /** A separate target root (a binary, test, bench or example) gets its own module tree. */
  readonly target: string;
  /** Under a `tests/` directory. */
  readonly inTestsDir: boolean;
}

/** Test, bench, example and build-script targets never run in the service; `bin/x` is a `[[bin]]` with its own path. */
const SERVICE_TARGET = /^(lib|src\/bin\/.+|bin\/.+)$/;

/** Whether a file can be part of a deployed binary: a library or binary target, outside `tests/`. */
export function runsInService(module: FileModule): boolean {
  return !module.inTestsDir && SERVICE_TARGET.test(module.target);
}

type TomlTable = Record<string, unknown>;

function table(value: unknown): TomlTable | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TomlTable) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function rustCrateName(packageName: string): string {
  return packageName.includes('-') ? packageName.replace(/-/g, '_') : packageName;
}

/** A Cargo.toml read as TOML, or why it could not be. */
export type ParsedManifest = { readonly toml: TomlTable } | { readonly error: string };

export function parseManifest(content: string): ParsedManifest {
  try {
    return { toml: parseToml(content) as TomlTable };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] ?? '' };
  }
}

/** Reads every Cargo.toml of a tree (path → file content) into crates. */
export function crateLayout(manifests: ReadonlyMap<string, string>): CrateLayout {
  return crateLayoutOfParsed(new Map([...manifests].map(([file, content]) => [file, parseManifest(content)])));
}

/**
 * A crate's description by its parsed manifest, directory and what it inherits from its workspace
 * manifest: a history walk meets thousands of manifest sets that differ in one file, and hundreds of
 * versions of the workspace manifest, most of which change nothing a given crate inherits. A caller
 * that keeps parsed manifests (by blob) gets each such crate back as the same object.
 */
const cratesByManifest = new WeakMap<TomlTable, Map<string, CrateInfo>>();

/** What a crate manifest takes from its workspace: `version.workspace = true` and the dependencies marked `workspace = true`. */
interface Inheritance {
  readonly version: boolean;
  readonly dependencies: readonly string[];
}

const inheritanceOf = new WeakMap<TomlTable, Inheritance>();

function inheritance(toml: TomlTable): Inheritance {
  let known = inheritanceOf.get(toml);
  if (known === undefined) {
    const dependencies: string[] = [];
    for (const section of dependencySections(toml)) {
      for (const [key, spec] of Object.entries(section)) if (table(spec)?.['workspace'] === true) dependencies.push(key);
    }
    known = { version: table(table(toml['package'])?.['version'])?.['workspace'] === true, dependencies };
    inheritanceOf.set(toml, known);
  }
  return known;
}

/** A workspace manifest's inheritable entries as text, by key, made once per manifest. */
const inheritableText = new WeakMap<TomlTable, Map<string, string>>();

/** The part of `workspace` a crate with `inherits` reads, as text: equal texts give equal crates. */
function inheritedText(inherits: Inheritance, workspace: TomlTable | null): string {
  if (workspace === null || (!inherits.version && inherits.dependencies.length === 0)) return '';
  let texts = inheritableText.get(workspace);
  if (texts === undefined) inheritableText.set(workspace, (texts = new Map()));
  const of = (key: string, value: () => unknown): string => {
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = JSON.stringify(value()) ?? 'null'));
    return text;
  };
  const workspaceTable = table(workspace['workspace']);
  const parts: string[] = [];
  if (inherits.version) parts.push(of('\0version', () => table(workspaceTable?.['package'])?.['version'] ?? null));
  for (const key of inherits.dependencies) parts.push(of(key, () => table(workspaceTable?.['dependencies'])?.[key] ?? null));
  return parts.join('\0');
}

/** The crate each manifest and directory gave last, with the workspace manifest it was asked with: most asks repeat it. */
const lastCrates = new WeakMap<TomlTable, Map<string, { readonly workspace: TomlTable | null; readonly crate: CrateInfo }>>();

function crateOf(toml: TomlTable, dir: string, workspace: TomlTable | null): CrateInfo | null {
  let last = lastCrates.get(toml);
  if (last === undefined) lastCrates.set(toml, (last = new Map()));
  const lastOfDir = last.get(dir);
  if (lastOfDir !== undefined && lastOfDir.workspace === workspace) return lastOfDir.crate;
  let known = cratesByManifest.get(toml);
  if (known === undefined) cratesByManifest.set(toml, (known = new Map()));
  const key = `${dir}\0${inheritedText(inheritance(toml), workspace)}`;
  const found = known.get(key);
  if (found !== undefined) {
    last.set(dir, { workspace, crate: found });
    return found;
  }
  const pkg = table(toml['package']);
  const packageName = text(pkg?.['name']);
  if (!pkg || !packageName) return null;
  const libName = text(table(toml['lib'])?.['name']);
  const crate: CrateInfo = {
    name: libName ?? rustCrateName(packageName),
    packageName,
    version: packageVersion(pkg, workspace),
    dir,
    dependencies: dependenciesOf(toml, workspace),
    binPaths: binPathsOf(toml),
  };
  known.set(key, crate);
  last.set(dir, { workspace, crate });
  return crate;
}

/** `crateLayout` of manifests already parsed (path → parsed manifest). */
export function crateLayoutOfParsed(manifests: ReadonlyMap<string, ParsedManifest>): CrateLayout {
  const warnings: string[] = [];
  const parsed = new Map<string, TomlTable>();
  for (const [file, manifest] of manifests) {
    if ('toml' in manifest) parsed.set(file, manifest.toml);
    else warnings.push(`${file}: not valid TOML (${manifest.error}); crate names and dependencies from it are unknown`);
  }
  const workspaces = [...parsed].filter(([, toml]) => table(toml['workspace']));
  const crates: CrateInfo[] = [];
  for (const [file, toml] of parsed) {
    if (!table(toml['package'])) continue;
    const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
    const crate = crateOf(toml, dir, nearestWorkspace(dir, workspaces));
    if (crate !== null) crates.push(crate);
  }
  return { crates, warnings };
}

/** `[[bin]] name = "x", path = "src/cmd/x.rs"`: a binary root Cargo would not find by its layout alone. */
function binPathsOf(toml: TomlTable): { name: string; path: string }[] {
  const bins = Array.isArray(toml['bin']) ? (toml['bin'] as unknown[]) : [];
  const out: { name: string; path: string }[] = [];
  for (const bin of bins) {
    const name = text(table(bin)?.['name']);
    const binPath = text(table(bin)?.['path']);
    if (name === null || binPath === null) continue;
    const normal = path.posix.normalize(binPath.replace(/\\/g, '/')).replace(/^\.\//, '');
    if (normal === 'src/main.rs' || normal.startsWith('src/bin/')) continue;
    out.push({ name, path: normal });
  }
  return out;
}

function nearestWorkspace(dir: string, workspaces: readonly [string, TomlTable][]): TomlTable | null {
  let best: [string, TomlTable] | null = null;
  for (const entry of workspaces) {
    const wsDir = path.posix.dirname(entry[0]) === '.' ? '' : path.posix.dirname(entry[0]);
    if (wsDir === '' || dir === wsDir || dir.startsWith(`${wsDir}/`)) {
      if (!best || wsDir.length > best[0].length) best = [wsDir, entry[1]];
    }
  }
  return best ? best[1] : null;
}

function packageVersion(pkg: TomlTable, workspace: TomlTable | null): string | null {
  const version = pkg['version'];
  if (typeof version === 'string') return version;
  if (table(version)?.['workspace'] === true) {
    return text(table(table(workspace?.['workspace'])?.['package'])?.['version']);
  }
  return null;
}

function dependenciesOf(toml: TomlTable, workspace: TomlTable | null): Map<string, DependencyInfo> {
  const deps = new Map<string, DependencyInfo>();
  const workspaceDeps = table(table(workspace?.['workspace'])?.['dependencies']);
  for (const section of dependencySections(toml)) {
    for (const [key, spec] of Object.entries(section)) {
      let detail = table(spec);
      if (detail?.['workspace'] === true) detail = { ...(table(workspaceDeps?.[key]) ?? {}), ...detail };
      const packageName = text(detail?.['package']) ?? key;
      // `x.workspace = true` takes the requirement from the workspace: `x = "0.12"` or `x = { version = .. }`.
      const inherited = detail?.['workspace'] === true ? text(workspaceDeps?.[key]) : null;
      const version = text(spec) ?? text(detail?.['version']) ?? inherited;
      const local = typeof detail?.['path'] === 'string';
      // Literals, not a spread: V8 gave each spread copy a hidden class of its own, about 180 bytes
      // apiece, and a history walk holds tens of thousands of these (about 17 MB on greptimedb).
      deps.set(rustCrateName(key), version === null ? { packageName, local } : { packageName, local, version });
    }
  }
  return deps;
}

const DEPENDENCY_KINDS = ['dependencies', 'dev-dependencies', 'build-dependencies'];

/** The dependency tables of a manifest: its own and each `[target.'cfg(..)'.*]`'s. */
function dependencySections(toml: TomlTable): TomlTable[] {
  const sections: TomlTable[] = [];
  for (const key of DEPENDENCY_KINDS) {
    const section = table(toml[key]);
    if (section) sections.push(section);
  }
  for (const target of Object.values(table(toml['target']) ?? {})) {
    for (const key of DEPENDENCY_KINDS) {
      const section = table(table(target)?.[key]);
      if (section) sections.push(section);
    }
  }
  return sections;
}

const TARGET_DIRS = ['src/bin', 'tests', 'benches', 'examples'];

/** The crate and module path of a `.rs` file, by Cargo's conventional layout. */
/** Each layout's crates by directory (the first of a directory wins, as in the layout's order). */
const cratesByDir = new WeakMap<readonly CrateInfo[], ReadonlyMap<string, CrateInfo>>();

/** The crate whose directory holds the file most closely: the file's directories, from its own up. */
function crateHolding(filePath: string, crates: readonly CrateInfo[]): CrateInfo | null {
  let byDir = cratesByDir.get(crates);
  if (byDir === undefined) {
    const map = new Map<string, CrateInfo>();
    for (const crate of crates) if (!map.has(crate.dir)) map.set(crate.dir, crate);
    cratesByDir.set(crates, (byDir = map));
  }
  for (let end = filePath.lastIndexOf('/'); end > 0; end = filePath.lastIndexOf('/', end - 1)) {
    const crate = byDir.get(filePath.slice(0, end));
    if (crate !== undefined) return crate;
  }
  return byDir.get('') ?? null;
}

/**
 * Each crate's files' places, by path: a history walk asks for the same paths in layout after layout,
 * and a crate whose manifest did not change is the same object in all of them.
 */
const modulesByCrate = new WeakMap<CrateInfo, Map<string, FileModule>>();

export function fileModule(filePath: string, crates: readonly CrateInfo[]): FileModule {
  const crate = crateHolding(filePath, crates);
  if (crate === null) return placeIn(null, filePath);
  let known = modulesByCrate.get(crate);
  if (known === undefined) modulesByCrate.set(crate, (known = new Map()));
  let module = known.get(filePath);
  if (module === undefined) known.set(filePath, (module = placeIn(crate, filePath)));
  return module;
}

/** A segment named `tests` anywhere on the path. */
function underTestsDir(filePath: string): boolean {
  return filePath === 'tests' || filePath.startsWith('tests/') || filePath.includes('/tests/') || filePath.endsWith('/tests');
}

function placeIn(crate: CrateInfo | null, filePath: string): FileModule {
  const relative = crate && crate.dir !== '' ? filePath.slice(crate.dir.length + 1) : filePath;
  const inTestsDir = underTestsDir(filePath);
  const bin = crate?.binPaths?.find((b) => b.path === relative);
  if (bin !== undefined) return { crate, modulePath: [], target: `bin/${bin.name}`, inTestsDir };
  for (const targetDir of TARGET_DIRS) {
    if (relative.startsWith(`${targetDir}/`)) {
      const rest = relative.slice(targetDir.length + 1).split('/');
      const targetName = (rest[0] ?? '').replace(/\.rs$/, '');
      return { crate, modulePath: modulePathOf(rest.slice(1)), target: `${targetDir}/${targetName}`, inTestsDir };
    }
  }
  const inSrc = relative.startsWith('src/') ? relative.slice(4) : relative;
  const parts = inSrc.split('/');
  const last = parts[parts.length - 1] ?? '';
  if (parts.length === 1 && (last === 'lib.rs' || last === 'main.rs' || last === 'build.rs')) {
    // lib.rs and main.rs share one module namespace here: an approximation that only widens const lookups.
    return { crate, modulePath: [], target: last === 'build.rs' ? 'build' : 'lib', inTestsDir };
  }
  return { crate, modulePath: modulePathOf(parts), target: 'lib', inTestsDir };
}

function modulePathOf(parts: readonly string[]): string[] {
  if (parts.length === 0) return [];
  const names = parts.map((p) => p.replace(/\.rs$/, ''));
  if (names[names.length - 1] === 'mod') names.pop();
  return names;
}
