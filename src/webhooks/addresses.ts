/**
 * Which IP addresses a webhook may reach: public unicast only. Private, loopback, link-local,
 * shared (CGNAT), multicast, reserved and documentation ranges are refused, and IPv6 forms that
 * embed an IPv4 address (mapped, NAT64, 6to4) are judged by the address they embed. Pure.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const IPV4_BLOCKED: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const IPV6_BLOCKED: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function blockList(ranges: Array<[string, number, string]>, type: 'ipv4' | 'ipv6') {
  return ranges.map(([network, prefix, label]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    return { list, label, type };
  });
}

const V4 = blockList(IPV4_BLOCKED, 'ipv4');
const V6 = blockList(IPV6_BLOCKED, 'ipv6');

/** The 16 bytes of an IPv6 address in any textual form (with `::` or a dotted IPv4 tail). */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0] ?? address;
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) {
    const [a, b, c, d] = dotted[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  const all = [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right];
  return all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [(value >> 8) & 0xff, value & 0xff];
  });
}

/** The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const quad = (from: number) => b.slice(from, from + 4).join('.');
  const zeros = (from: number, to: number) => b.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return quad(12); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return quad(12); // ::a.b.c.d (deprecated "compatible"); :: and ::1 never get here
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return quad(12); // 64:ff9b::/96 NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return quad(2); // 2002::/16 6to4
  return null;
}

/**
 * Why the address must not be reached ("loopback", "private", …), or null for a public address.
 * Anything that is not an IP address is refused too.
 */
export function blockedReason(address: string): string | null {
  if (isIPv4(address)) return V4.find((range) => range.list.check(address, 'ipv4'))?.label ?? null;
  if (!isIPv6(address)) return 'not an IP address';
  const plain = address.split('%')[0] ?? address;
  const v6 = V6.find((range) => range.list.check(plain, 'ipv6'));
  if (v6) return v6.label;
  const inner = embeddedIpv4(plain);
  if (inner === null) return null;
  const reason = blockedReason(inner);
  return reason === null ? null : `${reason} (as IPv6)`;
}
