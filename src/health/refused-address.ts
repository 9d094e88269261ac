import { BlockList, isIP } from 'node:net';

/** Named address ranges a health check must not reach unless allow-listed, most specific first. */
const RANGES: { words: string; v4?: [string, number][]; v6?: [string, number][] }[] = [
  { words: 'a cloud metadata address', v4: [['169.254.169.254', 32]], v6: [['fd00:ec2::254', 128]] },
  { words: 'a loopback address', v4: [['127.0.0.0', 8]], v6: [['::1', 128]] },
  { words: 'an unspecified address', v4: [['0.0.0.0', 8]], v6: [['::', 128]] },
  {
    words: 'a private address',
    v4: [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
    v6: [['fc00::', 7]],
  },
  { words: 'a link-local address', v4: [['169.254.0.0', 16]], v6: [['fe80::', 10]] },
  { words: 'a shared (CGNAT) address', v4: [['100.64.0.0', 10]] },
  { words: 'a multicast address', v4: [['224.0.0.0', 4]], v6: [['ff00::', 8]] },
  { words: 'a reserved address', v4: [['240.0.0.0', 4]] },
];

const LISTS = RANGES.map((r) => {
  const list = new BlockList();
  for (const [net, prefix] of r.v4 ?? []) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of r.v6 ?? []) list.addSubnet(net, prefix, 'ipv6');
  return { words: r.words, list };
});

/** Host names that are cloud metadata services whatever they resolve to. */
export const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

/**
 * Why a health check may not reach `address`, in words ("a private address"), or undefined when it
 * may: loopback, private, link-local, CGNAT, unspecified, multicast, reserved and cloud metadata
 * addresses, also written as IPv4-mapped (or NAT64) IPv6.
 */
export function refusedAddress(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an address';
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  for (const { words, list } of LISTS) {
    if (v4 !== undefined ? list.check(v4, 'ipv4') : list.check(address, 'ipv6')) return words;
  }
  return undefined;
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
export function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const nat64 = bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b;
  const nat64Rest = bytes.slice(4, 12).every((b) => b === 0);
  return mapped || (nat64 && nat64Rest) ? bytes.slice(12).join('.') : undefined;
}

function ipv6Bytes(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return undefined;
  return groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [(n >> 8) & 0xff, n & 0xff];
  });
}
