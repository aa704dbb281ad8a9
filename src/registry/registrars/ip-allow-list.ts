import net from 'node:net';

/**
 * Whether `address` is inside one of the CIDR blocks of a registrar's allow-list.
 * An empty list allows every address (the registrar has not restricted itself).
 */
export function addressAllowed(allowList: string[], address: string): boolean {
  if (allowList.length === 0) return true;
  const plain = address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
  const blocks = new net.BlockList();
  for (const cidr of allowList) {
    const [ip, bits] = cidr.split('/');
    const family = net.isIPv6(ip) ? 'ipv6' : 'ipv4';
    blocks.addSubnet(ip, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return blocks.check(plain, net.isIPv6(plain) ? 'ipv6' : 'ipv4');
}
