/** Which CA files https trusts, chosen as OpenSSL chooses them, with temp files standing in for /etc. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/errors.js';
import { caStoreLocation, readTrustedCas, SYSTEM_CA_BUNDLES, trustedCas } from '../../src/dashboards/trusted-cas.js';

const CA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tls/ca.pem');
const CA = readFileSync(CA_FILE, 'utf8').trim();
const NODE = "Node's bundled CAs";

describe('caStoreLocation', () => {
  let dir: string;
  let debian: string;
  let fedora: string;
  let alpine: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-cas-'));
    [debian, fedora, alpine] = ['debian.crt', 'fedora.crt', 'alpine.pem'].map((name) => path.join(dir, name)) as [string, string, string];
    for (const file of [fedora, alpine]) writeFileSync(file, CA);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tries the distributions’ bundles in order: Debian, RHEL, SUSE, Alpine/macOS', () => {
    expect(SYSTEM_CA_BUNDLES).toEqual(['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem']);
  });

  it('without variables: the first bundle that exists, or none', () => {
    expect(caStoreLocation({}, [debian, fedora, alpine])).toEqual({ file: { path: fedora, from: 'system' }, dirs: [] });
    expect(caStoreLocation({}, [alpine, fedora])).toEqual({ file: { path: alpine, from: 'system' }, dirs: [] });
    expect(caStoreLocation({}, [debian])).toEqual({ file: null, dirs: [] });
  });

  it('SSL_CERT_FILE replaces the bundle, even one that exists, and even when it does not exist itself', () => {
    expect(caStoreLocation({ SSL_CERT_FILE: debian }, [fedora])).toEqual({ file: { path: debian, from: 'SSL_CERT_FILE' }, dirs: [] });
    expect(caStoreLocation({ SSL_CERT_FILE: '' }, [fedora])).toEqual({ file: { path: fedora, from: 'system' }, dirs: [] });
  });

  it('SSL_CERT_DIR adds directories, separated like PATH, beside the file', () => {
    expect(caStoreLocation({ SSL_CERT_DIR: `/a${path.delimiter}${path.delimiter}/b` }, [fedora])).toEqual({ file: { path: fedora, from: 'system' }, dirs: ['/a', '/b'] });
    expect(caStoreLocation({ SSL_CERT_FILE: alpine, SSL_CERT_DIR: '/c' }, [fedora])).toEqual({ file: { path: alpine, from: 'SSL_CERT_FILE' }, dirs: ['/c'] });
  });
});

describe('readTrustedCas', () => {
  let dir: string;
  let bundle: string;
  let certs: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provenance-cas-'));
    bundle = path.join(dir, 'bundle.pem');
    // Text around the certificates, as macOS's /etc/ssl/cert.pem has, and one root Node has already.
    writeFileSync(bundle, `# company bundle\n${CA}\n\n${tls.rootCertificates[0] ?? ''}\n`);
    certs = path.join(dir, 'certs');
    mkdirSync(certs);
    mkdirSync(path.join(certs, 'java'));
    writeFileSync(path.join(certs, 'README'), 'not a certificate\n');
    symlinkSync(CA_FILE, path.join(certs, '1a2b3c4d.0'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const certificatesBeyondNode = (certificates: readonly string[]) => certificates.filter((c) => !tls.rootCertificates.includes(c));

  it("always Node's roots; a system bundle without duplicates", async () => {
    const none = await readTrustedCas({}, [path.join(dir, 'missing.crt')]);
    expect(none).toEqual({ certificates: [...tls.rootCertificates], sources: [NODE] });
    const system = await readTrustedCas({}, [path.join(dir, 'missing.crt'), bundle]);
    expect(system.sources).toEqual([NODE, bundle]);
    expect(certificatesBeyondNode(system.certificates)).toEqual([CA]);
  });

  it('SSL_CERT_FILE instead of the system bundle; an empty one adds nothing', async () => {
    const empty = path.join(dir, 'empty.pem');
    writeFileSync(empty, '');
    const read = await readTrustedCas({ SSL_CERT_FILE: empty }, [bundle]);
    expect(read).toEqual({ certificates: [...tls.rootCertificates], sources: [NODE, `${empty} (SSL_CERT_FILE)`] });
  });

  it('an unreadable SSL_CERT_FILE is an input error naming the variable and the file', async () => {
    const missing = path.join(dir, 'nope.pem');
    const error = await readTrustedCas({ SSL_CERT_FILE: missing }, [bundle]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as Error).message).toBe(`SSL_CERT_FILE ${missing}: cannot read (no such file)`);
  });

  it('SSL_CERT_DIR: every regular file of each directory, missing directories skipped', async () => {
    const read = await readTrustedCas({ SSL_CERT_DIR: `${path.join(dir, 'missing')}${path.delimiter}${certs}` }, []);
    expect(read.sources).toEqual([NODE, `${certs} (SSL_CERT_DIR)`]);
    expect(certificatesBeyondNode(read.certificates)).toEqual([CA]);
  });

  it('NODE_EXTRA_CA_CERTS keeps working beside the system bundle; unreadable, it is skipped as Node skips it', async () => {
    const read = await readTrustedCas({ NODE_EXTRA_CA_CERTS: CA_FILE }, [bundle]);
    expect(read.sources).toEqual([NODE, `${CA_FILE} (NODE_EXTRA_CA_CERTS)`, bundle]);
    expect(certificatesBeyondNode(read.certificates)).toEqual([CA]);
    const skipped = await readTrustedCas({ NODE_EXTRA_CA_CERTS: path.join(dir, 'gone.pem') }, []);
    expect(skipped).toEqual({ certificates: [...tls.rootCertificates], sources: [NODE] });
  });
});

describe('trustedCas', () => {
  it('reads the store once per process for the same variables', async () => {
    const env = { SSL_CERT_FILE: CA_FILE };
    const first = trustedCas(env);
    expect(trustedCas({ ...env })).toBe(first);
    expect(trustedCas({ SSL_CERT_FILE: CA_FILE, SSL_CERT_DIR: '/nonexistent' })).not.toBe(first);
    expect((await first).sources).toEqual([NODE, `${CA_FILE} (SSL_CERT_FILE)`]);
  });
});
