import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A checkpoint's body: which log, how many events, and the Merkle root of them. */
export interface Checkpoint {
  origin: string;
  size: number;
  /** RFC 6962 root of the first `size` events' hashes. */
  root: Buffer;
}

/** The signature algorithm byte signed notes give Ed25519. */
const ED25519 = 0x01;

/** The 4-byte id signed notes give a key: the start of SHA-256(name || "\n" || 0x01 || public key). */
export function keyId(name: string, publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.of(ED25519))
    .update(rawPublicKey(publicKey))
    .digest()
    .subarray(0, 4);
}

/** The 32 bytes of an Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
}

/** The verifier key as signed-note tools write it: `<name>+<key id hex>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, publicKey: KeyObject): string {
  return `${name}+${keyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.of(ED25519), rawPublicKey(publicKey)]).toString('base64')}`;
}

/** A verifier key string back into its name and public key; undefined when it is not one. */
export function parseVerifierKey(text: string): { name: string; publicKey: KeyObject } | undefined {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) return undefined;
  const raw = Buffer.from(m[3]!, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) return undefined;
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url') },
    format: 'jwk',
  });
  return keyId(m[1]!, publicKey).toString('hex') === m[2] ? { name: m[1]!, publicKey } : undefined;
}

/** The note text of a checkpoint (C2SP tlog-checkpoint): origin, size, base64 root, each on its line. */
export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

/** Signs a checkpoint as a signed note with one Ed25519 key named `name`. */
export function signCheckpoint(c: Checkpoint, name: string, privateKey: KeyObject): string {
  const body = checkpointBody(c);
  const signature = sign(null, Buffer.from(body), privateKey);
  const publicKey = createPublicKey(privateKey);
  return `${body}\n\u2014 ${name} ${Buffer.concat([keyId(name, publicKey), signature]).toString('base64')}\n`;
}

/** Why a signed checkpoint cannot be trusted, or the checkpoint it vouches for. */
export type OpenedCheckpoint = { ok: true; checkpoint: Checkpoint } | { ok: false; problem: string };

/**
 * Reads a signed checkpoint and checks it: the format, a signature line by the key `name` that
 * verifies over the body, and (when given) the origin. A note signed by another key, edited after
 * signing, cut short or from another log says which.
 */
export function openCheckpoint(text: string, name: string, publicKey: KeyObject, origin?: string): OpenedCheckpoint {
  const split = text.indexOf('\n\n');
  if (split < 0) return { ok: false, problem: 'it is not a signed note (no blank line before the signatures)' };
  const body = text.slice(0, split + 1);
  const lines = body.split('\n');
  if (lines.length < 4 || !/^\d{1,15}$/.test(lines[1]!) || !/^[A-Za-z0-9+/]{43}=$/.test(lines[2]!))
    return { ok: false, problem: 'its body is not a checkpoint (origin, size, root hash)' };
  const id = keyId(name, publicKey);
  const signatures = text
    .slice(split + 2)
    .split('\n')
    .filter(Boolean)
    .map((l) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === name)
    .map((m) => Buffer.from(m[2]!, 'base64'))
    .filter((b) => b.length === 68 && b.subarray(0, 4).equals(id));
  if (!signatures.length)
    return {
      ok: false,
      problem: `it carries no signature by the key "${name}" (another key signed it, or the signature line is missing)`,
    };
  if (!signatures.some((s) => verify(null, Buffer.from(body), publicKey, s.subarray(4))))
    return { ok: false, problem: 'its signature does not match its text: it was changed after it was signed' };
  if (origin !== undefined && lines[0] !== origin)
    return {
      ok: false,
      problem: `it is a checkpoint of another log ("${lines[0]!.slice(0, 80)}", this log is "${origin}")`,
    };
  return {
    ok: true,
    checkpoint: { origin: lines[0]!, size: Number(lines[1]), root: Buffer.from(lines[2]!, 'base64') },
  };
}

/** An Ed25519 private key from PEM text; undefined when it is not one. */
export function ed25519KeyFromPem(pem: string): KeyObject | undefined {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}
