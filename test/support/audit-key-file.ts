import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh Ed25519 private key (PEM) in a temp file, for AUDIT_SIGNING_KEY_FILE: replicas share one
 * key, and a bot process on PostgreSQL then makes no key under its working directory.
 */
export function auditKeyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'microapp-audit-key-')), 'audit-key.pem');
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  writeFileSync(file, pem, { mode: 0o600 });
  return file;
}
