import type { DomainView, DsRecord } from '../../../registry/domains/domain.types';
import { eppClientId } from '../../protocol/client-id';
import { dateTime, esc, NS } from '../../protocol/xml';

const dsXml = (ds: DsRecord) =>
  `<secDNS:dsData><secDNS:keyTag>${ds.keyTag}</secDNS:keyTag><secDNS:alg>${ds.alg}</secDNS:alg><secDNS:digestType>${ds.digestType}</secDNS:digestType><secDNS:digest>${esc(ds.digest)}</secDNS:digest></secDNS:dsData>`;

export type HostsFilter = 'all' | 'del' | 'sub' | 'none';

/** <domain:infData> in schema order, plus secDNS and rgp extensions when they have something to say. */
export function renderDomainInfo(v: DomainView, hosts: HostsFilter): { resData: string; extension?: string } {
  const statuses = v.statuses.map((s) => `<domain:status s="${esc(s)}"/>`).join('');
  const contacts = v.contacts.map((c) => `<domain:contact type="${c.type}">${esc(c.handle)}</domain:contact>`).join('');
  const ns = (hosts === 'all' || hosts === 'del') && v.nameservers.length
    ? `<domain:ns>${v.nameservers.map((n) => `<domain:hostObj>${esc(n)}</domain:hostObj>`).join('')}</domain:ns>`
    : '';
  const sub = hosts === 'all' || hosts === 'sub' ? v.subordinateHosts.map((h) => `<domain:host>${esc(h)}</domain:host>`).join('') : '';
  const resData =
    `<domain:infData xmlns:domain="${NS.domain}"><domain:name>${esc(v.name)}</domain:name><domain:roid>${esc(v.roid)}</domain:roid>${statuses}` +
    `${v.registrant ? `<domain:registrant>${esc(v.registrant)}</domain:registrant>` : ''}${contacts}${ns}${sub}` +
    `<domain:clID>${esc(v.clID)}</domain:clID><domain:crID>${esc(eppClientId(v.crID, v.clID))}</domain:crID><domain:crDate>${dateTime(v.crDate)}</domain:crDate>` +
    `<domain:upID>${esc(eppClientId(v.upID, v.clID))}</domain:upID><domain:upDate>${dateTime(v.upDate)}</domain:upDate><domain:exDate>${dateTime(v.exDate)}</domain:exDate>` +
    `${v.trDate ? `<domain:trDate>${dateTime(v.trDate)}</domain:trDate>` : ''}</domain:infData>`;
  const ext: string[] = [];
  if (v.dsRecords.length) ext.push(`<secDNS:infData xmlns:secDNS="${NS.secDNS}">${v.dsRecords.map(dsXml).join('')}</secDNS:infData>`);
  if (v.rgpStatuses.length) ext.push(`<rgp:infData xmlns:rgp="${NS.rgp}">${v.rgpStatuses.map((s) => `<rgp:rgpStatus s="${s}"/>`).join('')}</rgp:infData>`);
  return { resData, extension: ext.length ? ext.join('') : undefined };
}

export interface TransferData {
  name: string;
  status: string;
  gainingRegistrar: string;
  losingRegistrar: string;
  requestedAt: Date;
  actionDueAt: Date;
  actedAt: Date | null;
  expiresAt: Date | null;
}

/** <domain:trnData> (RFC 5731 §3.2.4), also used in poll messages about transfers. */
export function renderDomainTransfer(t: TransferData): string {
  return (
    `<domain:trnData xmlns:domain="${NS.domain}"><domain:name>${esc(t.name)}</domain:name><domain:trStatus>${esc(t.status)}</domain:trStatus>` +
    `<domain:reID>${esc(t.gainingRegistrar)}</domain:reID><domain:reDate>${dateTime(new Date(t.requestedAt))}</domain:reDate>` +
    `<domain:acID>${esc(t.losingRegistrar)}</domain:acID><domain:acDate>${dateTime(new Date(t.actedAt ?? t.actionDueAt))}</domain:acDate>` +
    `${t.expiresAt ? `<domain:exDate>${dateTime(new Date(t.expiresAt))}</domain:exDate>` : ''}</domain:trnData>`
  );
}
