import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ed25519KeyFromPem, signCheckpoint } from '../domain/checkpoint';
import { unusableSetting } from '../domain/errors';
import type { AuditSigner } from '../ports/audit-signer';

/**
 * The audit signer from `keyFile` (an Ed25519 private key, PEM). Without one, the key at
 * `generatedFile` is used, made on first use (`generated` is then true, so the caller warns that it
 * must be kept apart from database backups). A key file that is missing or not Ed25519 is refused
 * with the fix.
 */
export async function loadAuditSigner(options: {
  keyFile?: string;
  generatedKeyFile: string;
  origin: string;
}): Promise<{ signer: AuditSigner; generated: boolean }> {
  let pem: string | undefined;
  let generated = false;
  const file = options.keyFile ?? options.generatedKeyFile;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if (options.keyFile)
      throw unusableSetting(
        `AUDIT_SIGNING_KEY_FILE ${options.keyFile} cannot be read (${(error as NodeJS.ErrnoException).code}): point it at an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519 -out audit-key.pem), or unset it to have one generated.`,
        error,
      );
  }
  if (pem === undefined) {
    pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await mkdir(dirname(file), { recursive: true });
    try {
      await writeFile(file, pem, { flag: 'wx', mode: 0o600 });
      generated = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      pem = await readFile(file, 'utf8');
    }
  }
  const privateKey = ed25519KeyFromPem(pem);
  if (!privateKey)
    throw unusableSetting(
      `${options.keyFile ? `AUDIT_SIGNING_KEY_FILE ${file}` : `The audit signing key ${file}`} is not an Ed25519 private key in PEM: make one with openssl genpkey -algorithm ed25519 -out audit-key.pem.`,
    );
  const origin = options.origin;
  return {
    generated,
    signer: {
      origin,
      publicKey: createPublicKey(privateKey),
      sign: (size, root) => signCheckpoint({ origin, size, root }, origin, privateKey),
    },
  };
}
