/** A PEM private key with a body (also on one line or with escaped line breaks), PuTTY and PGP keys. */
const PRIVATE_KEY =
  /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:\s|\\[nr])*(?:[\w-]+:[^\n]*(?:\s|\\[nr])+)*[A-Za-z0-9+/]{40}/;
const PUTTY =
  /PuTTY-User-Key-File-\d+:[\s\S]*?Private-(?:Lines|MAC):\s*\S|Private-Lines:\s*\d+\s*(?:\r?\n|\\n)[A-Za-z0-9+/]{40}/;

/** The kind of private key material in `text`, or undefined. */
export function findKeyMaterial(text: string): string | undefined {
  if (text.includes('PRIVATE KEY') && PRIVATE_KEY.test(text)) return 'private key';
  if (text.includes('Private-') && PUTTY.test(text)) return 'PuTTY private key';
  return undefined;
}
