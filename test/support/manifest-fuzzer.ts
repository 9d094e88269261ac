import { tier1, tier2, tier3 } from './manifests';

/** A small seeded PRNG (mulberry32), so every run generates the same cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = Object.keys(
  tier3({
    usesAI: true,
    builtWith: 'Retool',
    thirdPartyLibraries: ['a@1'],
    productionEndpoints: ['https://x.example.com'],
    requestedScopes: ['read'],
  }),
);
const NASTY_TEXT = [
  '\u001b]0;pwned\u0007',
  '\u202eevil',
  '\u200b',
  '\u0000',
  'Cafe\u0301',
  '\r\n',
  '<!channel>',
  '<@U123>',
  '*bold* _x_',
  '${x}',
  "'; drop table app; --",
  '🙂'.repeat(5),
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

/** A value of the wrong kind for anything. */
function wrongValue(rnd: () => number): unknown {
  const options: (() => unknown)[] = [
    () => null,
    () => Math.floor(rnd() * 1e6) - 5e5,
    () => [NaN, Infinity, -Infinity, -0, 1e308, 0.5][Math.floor(rnd() * 6)],
    () => rnd() < 0.5,
    () => 'x'.repeat(Math.floor(rnd() * 3) === 0 ? 100_000 : Math.floor(rnd() * 2000)),
    () => NASTY_TEXT[Math.floor(rnd() * NASTY_TEXT.length)]! + ' app name',
    () => [],
    () => [1, 'two', { three: 3 }],
    () => ({ nested: { deeper: 'x' } }),
    () => nested(1 + Math.floor(rnd() * 3000)),
    () => bomb(6 + Math.floor(rnd() * 4)),
    () => cycle(),
    () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
    () => Array.from({ length: Math.floor(rnd() * 5000) }, (_, i) => `item${i}`),
  ];
  return options[Math.floor(rnd() * options.length)]!();
}

/** Lists nested `depth` deep. */
function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** An alias bomb as YAML builds it: each level holds ten references to the level below. */
function bomb(levels: number): unknown {
  let v: unknown = ['lol'];
  for (let i = 0; i < levels; i++) v = Array.from({ length: 10 }, () => v);
  return v;
}

/** A list that contains itself, as `&x [*x]` parses. */
function cycle(): unknown {
  const v: unknown[] = [];
  v.push(v);
  return v;
}

/**
 * Case `i` of the fuzz run: a valid manifest of some tier (a unique name), then 0–4 mutations: wrong
 * types, huge or nasty strings, deleted or unknown fields, prototype keys, deep nesting, alias bombs
 * and cycles, or a whole input that is not an object.
 */
export function fuzzManifest(i: number, rnd: () => number): unknown {
  const base = [tier1, tier2, tier3][i % 3]!({ name: `Fuzz app ${i}` });
  const mutations = Math.floor(rnd() * 5);
  if (rnd() < 0.01) return wrongValue(rnd);
  const m: Record<string, unknown> = { ...base };
  for (let k = 0; k < mutations; k++) {
    const field = FIELDS[Math.floor(rnd() * FIELDS.length)]!;
    switch (Math.floor(rnd() * 6)) {
      case 0:
        m[field] = wrongValue(rnd);
        break;
      case 1:
        delete m[field];
        break;
      case 2:
        m[
          rnd() < 0.5
            ? PROTO_KEYS[Math.floor(rnd() * PROTO_KEYS.length)]!
            : `${field}x`.repeat(1 + Math.floor(rnd() * 3000))
        ] = wrongValue(rnd);
        break;
      case 3:
        if (typeof m[field] === 'string')
          m[field] = `${m[field] as string}${NASTY_TEXT[Math.floor(rnd() * NASTY_TEXT.length)]}`;
        break;
      case 4:
        m.integrations = [
          { system: wrongValue(rnd), access: rnd() < 0.5 ? 'read' : wrongValue(rnd), requiresSecret: rnd() < 0.5 },
        ];
        break;
      default:
        m.name = `Fuzz app ${i} ${NASTY_TEXT[Math.floor(rnd() * NASTY_TEXT.length)]}`;
    }
  }
  return m;
}
