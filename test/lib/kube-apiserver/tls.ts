/** A self-signed certificate for 127.0.0.1, made once per process with openssl, for the https option. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM key and certificate; the certificate is also the CA clients trust. */
export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

let made: SelfSignedCertificate | undefined;

/** Makes (once) a P-256 certificate valid for IP 127.0.0.1 and `localhost`. */
export function selfSignedCertificate(): SelfSignedCertificate {
  if (made !== undefined) return made;
  const dir = mkdtempSync(join(tmpdir(), 'kube-apiserver-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    made = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
