import {
  MENU_URIS,
  OBJECT_KINDS,
  OBJECT_URI,
  RDE_NS,
  RDE_VERSION,
  TLD,
  type DepositType,
  type ObjectCounts,
  type RdeContact,
  type RdeDelete,
  type RdeDomain,
  type RdeHost,
  type RdeRegistrar,
} from './rde';
import { element as el, optional as opt } from './xml-text';

/**
 * RFC 8909 / RFC 9022 markup for the deposit envelope and each object. Element order follows the
 * schemas' sequences. All namespaces are declared once, on `<rde:deposit>`.
 */

/** The XML declaration, `<rde:deposit …>`, `<rde:watermark>` and `<rde:rdeMenu>`. */
export function renderDepositStart(d: { id: string; type: DepositType; previousId: string | null; watermark: string }): string {
  const ns = Object.entries(RDE_NS)
    .map(([prefix, uri]) => `\n  xmlns:${prefix}="${uri}"`)
    .join('');
  const prev = d.type === 'INCR' && d.previousId ? ` prevId="${d.previousId}"` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<rde:deposit type="${d.type}" id="${d.id}"${prev}${ns}>\n` +
    `  ${el('rde:watermark', d.watermark)}\n` +
    `  ${el('rde:rdeMenu', [el('rde:version', RDE_VERSION), ...MENU_URIS.map((u) => el('rde:objURI', u))])}\n`
  );
}

/** `<rdeHeader:header>`: the TLD and the number of objects of each type in this deposit. */
export function renderHeader(counts: ObjectCounts): string {
  return el('rdeHeader:header', [el('rdeHeader:tld', TLD), ...OBJECT_KINDS.map((k) => el('rdeHeader:count', counts[k], { uri: OBJECT_URI[k] }))]);
}

const statuses = (prefix: string, list: string[]) => list.map((s) => el(`${prefix}:status`, null, { s }));

export function renderRegistrar(r: RdeRegistrar): string {
  return el('rdeRegistrar:registrar', [
    el('rdeRegistrar:id', r.id),
    el('rdeRegistrar:name', r.name),
    el('rdeRegistrar:status', r.status),
    opt('rdeRegistrar:voice', r.voice),
    opt('rdeRegistrar:email', r.email),
    opt('rdeRegistrar:url', r.url),
    el('rdeRegistrar:crDate', r.crDate),
    opt('rdeRegistrar:upDate', r.upDate),
  ]);
}

/** `int` when every postal field is printable ASCII (RFC 5733), `loc` otherwise (Azerbaijani letters). */
export function postalType(p: RdeContact['postalInfo']): 'int' | 'loc' {
  const text = [p.name, p.org ?? '', p.city, p.sp ?? '', p.pc ?? '', ...p.street].join('');
  return /[^\x20-\x7e]/.test(text) ? 'loc' : 'int';
}

export function renderContact(c: RdeContact): string {
  const p = c.postalInfo;
  const type = postalType(p);
  const disclose = c.disclose.map((f) => el(`contact:${f}`, null, f === 'name' || f === 'org' || f === 'addr' ? { type } : undefined));
  return el('rdeContact:contact', [
    el('rdeContact:id', c.id),
    el('rdeContact:roid', c.roid),
    ...statuses('rdeContact', c.statuses),
    el(
      'rdeContact:postalInfo',
      [
        el('contact:name', p.name),
        opt('contact:org', p.org),
        el('contact:addr', [...p.street.map((s) => el('contact:street', s)), el('contact:city', p.city), opt('contact:sp', p.sp), opt('contact:pc', p.pc), el('contact:cc', p.cc)]),
      ],
      { type },
    ),
    opt('rdeContact:voice', c.voice),
    opt('rdeContact:fax', c.fax),
    el('rdeContact:email', c.email),
    el('rdeContact:clID', c.clID),
    opt('rdeContact:crRr', c.crRr),
    el('rdeContact:crDate', c.crDate),
    opt('rdeContact:upRr', c.upRr),
    opt('rdeContact:upDate', c.upDate),
    opt('rdeContact:trDate', c.trDate),
    disclose.length ? el('rdeContact:disclose', disclose, { flag: 1 }) : '',
  ]);
}

export function renderHost(h: RdeHost): string {
  return el('rdeHost:host', [
    el('rdeHost:name', h.name),
    el('rdeHost:roid', h.roid),
    ...statuses('rdeHost', h.statuses),
    ...h.addresses.map((a) => el('rdeHost:addr', a, { ip: a.includes(':') ? 'v6' : 'v4' })),
    el('rdeHost:clID', h.clID),
    opt('rdeHost:crRr', h.crRr),
    el('rdeHost:crDate', h.crDate),
    opt('rdeHost:upRr', h.upRr),
    opt('rdeHost:upDate', h.upDate),
  ]);
}

export function renderDomain(d: RdeDomain): string {
  const t = d.transfer;
  return el('rdeDomain:domain', [
    el('rdeDomain:name', d.name),
    el('rdeDomain:roid', d.roid),
    opt('rdeDomain:uName', d.uName),
    ...statuses('rdeDomain', d.statuses),
    ...d.rgpStatuses.map((s) => el('rdeDomain:rgpStatus', null, { s })),
    opt('rdeDomain:registrant', d.registrant),
    ...d.contacts.map((c) => el('rdeDomain:contact', c.id, { type: c.type })),
    d.ns.length ? el('rdeDomain:ns', d.ns.map((n) => el('domain:hostObj', n))) : '',
    el('rdeDomain:clID', d.clID),
    opt('rdeDomain:crRr', d.crRr),
    el('rdeDomain:crDate', d.crDate),
    el('rdeDomain:exDate', d.exDate),
    opt('rdeDomain:upRr', d.upRr),
    opt('rdeDomain:upDate', d.upDate),
    d.ds.length
      ? el(
          'rdeDomain:secDNS',
          d.ds.map((ds) =>
            el('secDNS:dsData', [el('secDNS:keyTag', ds.keyTag), el('secDNS:alg', ds.alg), el('secDNS:digestType', ds.digestType), el('secDNS:digest', ds.digest)]),
          ),
        )
      : '',
    opt('rdeDomain:trDate', d.trDate),
    t
      ? el('rdeDomain:trnData', [
          el('rdeDomain:trStatus', t.status),
          el('rdeDomain:reRr', t.reRr),
          el('rdeDomain:reDate', t.reDate),
          el('rdeDomain:acRr', t.acRr),
          el('rdeDomain:acDate', t.acDate),
          opt('rdeDomain:exDate', t.exDate),
        ])
      : '',
  ]);
}

/** One entry of `<rde:deletes>`. */
export function renderDelete(d: RdeDelete): string {
  switch (d.kind) {
    case 'domain':
      return el('rdeDomain:delete', [el('rdeDomain:name', d.name), opt('rdeDomain:roid', d.roid)]);
    case 'host':
      return el('rdeHost:delete', [el('rdeHost:name', d.name), opt('rdeHost:roid', d.roid)]);
    case 'contact':
      return el('rdeContact:delete', [el('rdeContact:id', d.id)]);
  }
}
