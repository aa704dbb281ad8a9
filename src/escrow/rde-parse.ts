import {
  DISCLOSE_FIELDS,
  RDE_NS,
  type DiscloseField,
  type RdeContact,
  type RdeDelete,
  type RdeDomain,
  type RdeHost,
  type RdeObject,
  type RdeRegistrar,
  type RdeTransfer,
} from './rde';
import type { XmlNode } from './xml-stream-reader';

/**
 * Reads RFC 9022 objects back from the element trees the stream reader hands over. A missing
 * required element or a malformed value is an {@link RdeFormatError} naming the object and line.
 */
export class RdeFormatError extends Error {}

const PREFIX_OF = new Map<string, string>(Object.entries(RDE_NS).map(([p, uri]) => [uri, p]));

/** `rdeDomain:domain` for display, whatever prefix the file used. */
export function qname(node: { ns: string; local: string }): string {
  const prefix = PREFIX_OF.get(node.ns);
  return prefix ? `${prefix}:${node.local}` : `{${node.ns}}${node.local}`;
}

export function kids(node: XmlNode, ns: string, local: string): XmlNode[] {
  return node.children.filter((c) => c.ns === ns && c.local === local);
}

export function kid(node: XmlNode, ns: string, local: string): XmlNode | undefined {
  return node.children.find((c) => c.ns === ns && c.local === local);
}

/** Trimmed text of the first `ns:local` child, or null when absent or empty. */
export function textOf(node: XmlNode, ns: string, local: string): string | null {
  const c = kid(node, ns, local);
  const t = c?.text.trim();
  return t ? t : null;
}

function fail(node: XmlNode, message: string): never {
  throw new RdeFormatError(`<${qname(node)}> at line ${node.line}: ${message}`);
}

function need(node: XmlNode, ns: string, local: string): string {
  return textOf(node, ns, local) ?? fail(node, `missing <${qname({ ns, local })}>`);
}

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An xsd:dateTime, checked (the text is kept as written). */
export function dateTimeOf(node: XmlNode, ns: string, local: string, required: true): string;
export function dateTimeOf(node: XmlNode, ns: string, local: string, required?: false): string | null;
export function dateTimeOf(node: XmlNode, ns: string, local: string, required = false): string | null {
  const value = required ? need(node, ns, local) : textOf(node, ns, local);
  if (value !== null && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) fail(node, `<${qname({ ns, local })}> is not a dateTime: ${value}`);
  return value;
}

function statusesOf(node: XmlNode, ns: string): string[] {
  const list = kids(node, ns, 'status').map((s) => s.attrs.get('s') ?? fail(s, 'status without s attribute'));
  if (list.length === 0) fail(node, `no <${qname({ ns, local: 'status' })}>`);
  return list;
}

function intOf(node: XmlNode, ns: string, local: string): number {
  const text = need(node, ns, local);
  if (!/^\d{1,5}$/.test(text)) fail(node, `<${qname({ ns, local })}> is not a number: ${text}`);
  return Number(text);
}

function registrar(n: XmlNode): RdeRegistrar {
  const ns = RDE_NS.rdeRegistrar;
  return {
    id: need(n, ns, 'id'),
    name: need(n, ns, 'name'),
    status: textOf(n, ns, 'status') ?? 'ok',
    voice: textOf(n, ns, 'voice'),
    email: textOf(n, ns, 'email'),
    url: textOf(n, ns, 'url'),
    crDate: dateTimeOf(n, ns, 'crDate', true),
    upDate: dateTimeOf(n, ns, 'upDate'),
  };
}

function contact(n: XmlNode): RdeContact {
  const ns = RDE_NS.rdeContact;
  const c = RDE_NS.contact;
  const postals = kids(n, ns, 'postalInfo');
  const postal = postals.find((p) => p.attrs.get('type') === 'loc') ?? postals[0] ?? fail(n, 'missing <rdeContact:postalInfo>');
  const addr = kid(postal, c, 'addr') ?? fail(postal, 'missing <contact:addr>');
  const disclose = kid(n, ns, 'disclose');
  const disclosed = disclose && disclose.attrs.get('flag') !== '0' && disclose.attrs.get('flag') !== 'false'
    ? DISCLOSE_FIELDS.filter((f): f is DiscloseField => kid(disclose, c, f) !== undefined)
    : [];
  return {
    id: need(n, ns, 'id'),
    roid: need(n, ns, 'roid'),
    statuses: statusesOf(n, ns),
    postalInfo: {
      name: need(postal, c, 'name'),
      org: textOf(postal, c, 'org'),
      street: kids(addr, c, 'street').map((s) => s.text.trim()),
      city: need(addr, c, 'city'),
      sp: textOf(addr, c, 'sp'),
      pc: textOf(addr, c, 'pc'),
      cc: need(addr, c, 'cc'),
    },
    voice: textOf(n, ns, 'voice'),
    fax: textOf(n, ns, 'fax'),
    email: need(n, ns, 'email'),
    clID: need(n, ns, 'clID'),
    crRr: textOf(n, ns, 'crRr'),
    crDate: dateTimeOf(n, ns, 'crDate', true),
    upRr: textOf(n, ns, 'upRr'),
    upDate: dateTimeOf(n, ns, 'upDate'),
    trDate: dateTimeOf(n, ns, 'trDate'),
    disclose: disclosed,
  };
}

function host(n: XmlNode): RdeHost {
  const ns = RDE_NS.rdeHost;
  return {
    name: need(n, ns, 'name'),
    roid: need(n, ns, 'roid'),
    statuses: statusesOf(n, ns),
    addresses: kids(n, ns, 'addr').map((a) => a.text.trim()),
    clID: need(n, ns, 'clID'),
    crRr: textOf(n, ns, 'crRr'),
    crDate: dateTimeOf(n, ns, 'crDate', true),
    upRr: textOf(n, ns, 'upRr'),
    upDate: dateTimeOf(n, ns, 'upDate'),
  };
}

function transfer(n: XmlNode | undefined): RdeTransfer | null {
  if (!n) return null;
  const ns = RDE_NS.rdeDomain;
  return {
    status: need(n, ns, 'trStatus'),
    reRr: need(n, ns, 'reRr'),
    reDate: dateTimeOf(n, ns, 'reDate', true),
    acRr: need(n, ns, 'acRr'),
    acDate: dateTimeOf(n, ns, 'acDate', true),
    exDate: dateTimeOf(n, ns, 'exDate'),
  };
}

function domain(n: XmlNode): RdeDomain {
  const ns = RDE_NS.rdeDomain;
  const sec = RDE_NS.secDNS;
  const secDns = kid(n, ns, 'secDNS');
  if (secDns && kids(secDns, sec, 'keyData').length > 0) fail(secDns, 'secDNS:keyData is not supported (azreg stores DS records)');
  const nsEl = kid(n, ns, 'ns');
  if (nsEl && kids(nsEl, RDE_NS.domain, 'hostAttr').length > 0) fail(nsEl, 'domain:hostAttr is not supported (azreg uses host objects)');
  return {
    name: need(n, ns, 'name'),
    roid: need(n, ns, 'roid'),
    uName: textOf(n, ns, 'uName'),
    statuses: statusesOf(n, ns),
    rgpStatuses: kids(n, ns, 'rgpStatus').map((s) => s.attrs.get('s') ?? fail(s, 'rgpStatus without s attribute')),
    registrant: textOf(n, ns, 'registrant'),
    contacts: kids(n, ns, 'contact').map((c) => ({ type: c.attrs.get('type') ?? fail(c, 'contact without type'), id: c.text.trim() })),
    ns: nsEl ? kids(nsEl, RDE_NS.domain, 'hostObj').map((h) => h.text.trim()) : [],
    clID: need(n, ns, 'clID'),
    crRr: textOf(n, ns, 'crRr'),
    crDate: dateTimeOf(n, ns, 'crDate', true),
    exDate: dateTimeOf(n, ns, 'exDate', true),
    upRr: textOf(n, ns, 'upRr'),
    upDate: dateTimeOf(n, ns, 'upDate'),
    trDate: dateTimeOf(n, ns, 'trDate'),
    ds: secDns
      ? kids(secDns, sec, 'dsData').map((d) => ({
          keyTag: intOf(d, sec, 'keyTag'),
          alg: intOf(d, sec, 'alg'),
          digestType: intOf(d, sec, 'digestType'),
          digest: need(d, sec, 'digest').toUpperCase(),
        }))
      : [],
    transfer: transfer(kid(n, ns, 'trnData')),
  };
}

/** An object of `<rde:contents>`, or null for an element of another type (the header, unknown URIs). */
export function parseObject(n: XmlNode): RdeObject | null {
  if (n.ns === RDE_NS.rdeDomain && n.local === 'domain') return { kind: 'domain', value: domain(n) };
  if (n.ns === RDE_NS.rdeHost && n.local === 'host') return { kind: 'host', value: host(n) };
  if (n.ns === RDE_NS.rdeContact && n.local === 'contact') return { kind: 'contact', value: contact(n) };
  if (n.ns === RDE_NS.rdeRegistrar && n.local === 'registrar') return { kind: 'registrar', value: registrar(n) };
  return null;
}

/** An entry of `<rde:deletes>`, or null for an element of another type. */
export function parseDelete(n: XmlNode): RdeDelete | null {
  if (n.local !== 'delete') return null;
  if (n.ns === RDE_NS.rdeDomain) return { kind: 'domain', name: need(n, n.ns, 'name'), roid: textOf(n, n.ns, 'roid') };
  if (n.ns === RDE_NS.rdeHost) return { kind: 'host', name: need(n, n.ns, 'name'), roid: textOf(n, n.ns, 'roid') };
  if (n.ns === RDE_NS.rdeContact) return { kind: 'contact', id: need(n, n.ns, 'id') };
  return null;
}

export interface RdeHeader {
  tld: string | null;
  /** By object URI; NaN for a count that is not a number. */
  counts: Map<string, number>;
}

export function isHeader(n: XmlNode): boolean {
  return n.ns === RDE_NS.rdeHeader && n.local === 'header';
}

export function parseHeader(n: XmlNode): RdeHeader {
  const counts = new Map<string, number>();
  for (const c of kids(n, RDE_NS.rdeHeader, 'count')) {
    const uri = c.attrs.get('uri') ?? fail(c, 'count without uri');
    const text = c.text.trim();
    counts.set(uri, /^\d+$/.test(text) ? Number(text) : Number.NaN);
  }
  return { tld: textOf(n, RDE_NS.rdeHeader, 'tld'), counts };
}
