/**
 * The CAs an https request trusts: Node's bundled roots plus the system's store, found the way OpenSSL
 * finds it, so a company CA installed in the OS works as it does for curl. Node alone trusts only its
 * bundled roots, and a `ca` option replaces them (and NODE_EXTRA_CA_CERTS) unless all are given again.
 */
import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readInputFile } from './input-file.js';
import { readBounded } from '../util/read-bounded.js';

/** The distributions' bundles, in the order tried: Debian/Ubuntu, RHEL/Fedora, SUSE, Alpine/macOS. */
export const SYSTEM_CA_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** Where the system's CAs are read from. As in OpenSSL, the file and the directories are independent. */
export interface CaStoreLocation {
  /** SSL_CERT_FILE when set, else the first system bundle that exists; null when there is none. */
  readonly file: { readonly path: string; readonly from: 'SSL_CERT_FILE' | 'system' } | null;
  /** SSL_CERT_DIR's directories (separated like PATH), every file of each read. */
  readonly dirs: readonly string[];
}

export interface TrustedCas {
  /** PEM certificates, without duplicates. */
  readonly certificates: readonly string[];
  /** Where they came from, as messages name it: `Node's bundled CAs`, `/etc/ssl/cert.pem`, ... */
  readonly sources: readonly string[];
}

type Environment = Readonly<Record<string, string | undefined>>;

const BUNDLED = "Node's bundled CAs";
const PEM_CERTIFICATE = /-----BEGIN (TRUSTED )?CERTIFICATE-----[^-]+-----END \1CERTIFICATE-----/g;
/** A CA file larger than this is not a CA file; reading stops there (a FIFO, /dev/zero). */
const CA_FILE_LIMITS = { maxBytes: 16 * 1024 * 1024, timeoutMs: 10_000 };

const given = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

export function caStoreLocation(env: Environment, bundles: readonly string[] = SYSTEM_CA_BUNDLES): CaStoreLocation {
  const named = given(env['SSL_CERT_FILE']);
  const bundle = named === undefined ? bundles.find((file) => existsSync(file)) : undefined;
  const file = named !== undefined ? { path: named, from: 'SSL_CERT_FILE' as const } : bundle !== undefined ? { path: bundle, from: 'system' as const } : null;
  const dirs = (given(env['SSL_CERT_DIR']) ?? '').split(path.delimiter).filter((dir) => dir !== '');
  return { file, dirs };
}

/**
 * Node's roots, NODE_EXTRA_CA_CERTS, and the system's store. An unreadable SSL_CERT_FILE is the user's
 * mistake and stops the run; a missing directory or extra file is skipped, as OpenSSL and Node do.
 */
export async function readTrustedCas(env: Environment, bundles: readonly string[] = SYSTEM_CA_BUNDLES): Promise<TrustedCas> {
  // Loaded here, at the first https URL: TLS is a few ms that runs without one need not pay.
  const { rootCertificates } = await import('node:tls');
  const certificates = new Set<string>(rootCertificates);
  const sources = [BUNDLED];
  const add = (text: string | null, source: string): void => {
    if (text === null) return;
    for (const match of text.matchAll(PEM_CERTIFICATE)) certificates.add(match[0]);
    sources.push(source);
  };
  const extra = given(env['NODE_EXTRA_CA_CERTS']);
  if (extra !== undefined) add(await readIfPossible(extra), `${extra} (NODE_EXTRA_CA_CERTS)`);
  const location = caStoreLocation(env, bundles);
  if (location.file?.from === 'SSL_CERT_FILE') {
    add(await readInputFile(location.file.path, process.cwd(), { label: 'SSL_CERT_FILE', limits: CA_FILE_LIMITS }), `${location.file.path} (SSL_CERT_FILE)`);
  } else if (location.file !== null) {
    add(await readIfPossible(location.file.path), location.file.path);
  }
  for (const dir of location.dirs) add(await readDirectory(dir), `${dir} (SSL_CERT_DIR)`);
  return { certificates: [...certificates], sources };
}

const memo = new Map<string, Promise<TrustedCas>>();

/** Read once per process (per environment): the store does not change during a run, and parsing it takes tens of ms. */
export function trustedCas(env: Environment): Promise<TrustedCas> {
  const key = JSON.stringify(['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'].map((name) => env[name] ?? null));
  let found = memo.get(key);
  if (found === undefined) {
    found = readTrustedCas(env);
    memo.set(key, found);
    found.catch(() => memo.delete(key));
  }
  return found;
}

async function readIfPossible(file: string): Promise<string | null> {
  const read = await readBounded(file, CA_FILE_LIMITS.maxBytes, CA_FILE_LIMITS.timeoutMs);
  return read.kind === 'text' ? read.text : null;
}

/** Every regular file's certificates, as concatenated text; null when the directory cannot be listed. */
async function readDirectory(dir: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const texts: string[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const regular = await stat(file).then((s) => s.isFile(), () => false);
    if (regular) texts.push((await readIfPossible(file)) ?? '');
  }
  return texts.join('\n');
}
