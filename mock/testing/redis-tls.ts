/**
 * A real redis-server (Debian's, built with TLS) that speaks only TLS, for the
 * test of `--store rediss://`: a certificate authority and a server certificate
 * for 127.0.0.1 made with openssl in a directory of the test's, then redis-server
 * with `--port 0 --tls-port <free port>`. Clients need not present a certificate.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../contracts/runner/processes.ts';
import { spawnRedisServer, type RedisServer } from './redis-server.ts';

export interface TestCertificates {
  /** The authority's certificate: what a client must trust (NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', [...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A one-day authority and a server certificate for 127.0.0.1 and localhost that it signed, in `dir`. */
export function makeTestCertificates(dir: string): TestCertificates {
  const subject = (name: string) => ['-subj', `/CN=${name}`];
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      ...subject('session-api-mock test CA'),
    ],
    dir,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', ...subject('127.0.0.1')],
    dir,
  );
  // Node checks the address it dialled against the certificate's subjectAltName.
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ],
    dir,
  );
  return {
    caFile: path.join(dir, 'ca.crt'),
    certFile: path.join(dir, 'server.crt'),
    keyFile: path.join(dir, 'server.key'),
  };
}

/** Starts redis-server on a free loopback port, TLS only; `url` is rediss://127.0.0.1:<port>. */
export async function startTlsRedisServer(certificates: TestCertificates, timeoutMs = 15_000): Promise<RedisServer> {
  const port = await freePort();
  const args = [
    '--port',
    '0',
    '--tls-port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--tls-cert-file',
    certificates.certFile,
    '--tls-key-file',
    certificates.keyFile,
    '--tls-ca-cert-file',
    certificates.caFile,
    '--tls-auth-clients',
    'no',
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  return spawnRedisServer('redis-server (TLS)', args, port, `rediss://127.0.0.1:${port}`, timeoutMs);
}
