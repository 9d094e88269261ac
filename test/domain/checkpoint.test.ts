import { generateKeyPairSync } from 'node:crypto';
import { openCheckpoint, parseVerifierKey, signCheckpoint, verifierKey } from '../../src/domain/checkpoint';
import { MerkleFrontier } from '../../src/domain/merkle-tree';

/** The leaves and roots of the RFC 6962 reference vectors (Certificate Transparency's test data). */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

test('the Merkle root of every prefix matches RFC 6962, also when the frontier is saved and grown later', () => {
  const tree = new MerkleFrontier();
  expect(tree.root().toString('hex')).toBe(ROOTS[0]);
  LEAVES.forEach((leaf, i) => {
    const resumed = MerkleFrontier.restore(JSON.parse(JSON.stringify(tree.save())));
    tree.append(Buffer.from(leaf, 'hex'));
    resumed.append(Buffer.from(leaf, 'hex'));
    expect([tree.root().toString('hex'), resumed.root().toString('hex'), tree.size]).toEqual([
      ROOTS[i + 1],
      ROOTS[i + 1],
      i + 1,
    ]);
  });
});

test('a verifier key as signed-note tools publish it is read back, and a wrong key id is not', () => {
  expect(parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')?.name).toBe(
    'PeterNeumann',
  );
  expect(parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBeUndefined();
  const { publicKey } = generateKeyPairSync('ed25519');
  expect(parseVerifierKey(verifierKey('acme-audit', publicKey))?.publicKey.equals(publicKey)).toBe(true);
});

test('a signed checkpoint opens with its key; edited, re-signed by another key, cut short or from another log, it says why', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const checkpoint = { origin: 'microapp.example.com/audit', size: 8, root: Buffer.from(ROOTS[8]!, 'hex') };
  const note = signCheckpoint(checkpoint, 'acme-audit', privateKey);
  const body = ['microapp.example.com/audit', '8', Buffer.from(ROOTS[8]!, 'hex').toString('base64'), '', ''].join('\n');
  expect(note.startsWith(body)).toBe(true);
  expect(note).toMatch(/\n\n\u2014 acme-audit [A-Za-z0-9+/]{91}=\n$/);
  expect(openCheckpoint(note, 'acme-audit', publicKey, checkpoint.origin)).toEqual({ ok: true, checkpoint });
  const problem = (text: string, origin?: string) => {
    const opened = openCheckpoint(text, 'acme-audit', publicKey, origin);
    return opened.ok ? 'opened' : opened.problem;
  };
  expect(problem(note.replace('\n8\n', '\n9\n'))).toMatch(/changed after it was signed/);
  expect(problem(signCheckpoint(checkpoint, 'acme-audit', other.privateKey))).toMatch(
    /no signature by the key "acme-audit"/,
  );
  expect(problem(note.slice(0, note.indexOf('\n\n')))).toMatch(/not a signed note/);
  expect(problem(note, 'other.example.com/audit')).toMatch(
    /a checkpoint of another log \("microapp.example.com\/audit"/,
  );
  expect(problem('hello\n\n\u2014 acme-audit AAAA\n')).toMatch(/not a checkpoint/);
});
