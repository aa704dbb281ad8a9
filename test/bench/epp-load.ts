/**
 * The bench's EPP load client: the project's small EppClient (TLS + RFC 5734 framing, one
 * command in flight per session, as RFC 5730 sessions are used) plus the XML the scenarios send.
 */
import { EppClient, eppDoc, loginXml, resultCode } from '../../src/epp/client/epp-client';
import { BENCH_PASSWORD, contactOf } from './bench-env';

export { resultCode };

export interface EppSession {
  registrarId: string;
  client: EppClient;
}

/** Connects, reads the greeting and logs in; throws unless the login answers 1000. */
export async function openSession(port: number, registrarId: string): Promise<EppSession> {
  const { client } = await EppClient.connect({ host: '127.0.0.1', port });
  const code = resultCode(await client.command(loginXml(registrarId, BENCH_PASSWORD)));
  if (code !== 1000) {
    client.close();
    throw new Error(`EPP login of ${registrarId} answered ${code}`);
  }
  return { registrarId, client };
}

export async function closeSession(s: EppSession): Promise<void> {
  if (s.client.isClosed) return;
  await s.client.command(eppDoc('<command><logout/><clTRID>bench-logout</clTRID></command>')).catch(() => '');
  s.client.close();
}

/** A plain domain:create for one year with the registrar's contact and a given transfer code. */
export function createXml(name: string, registrarId: string, clTRID: string): string {
  const c = contactOf(registrarId);
  return eppDoc(
    `<command><create><domain:create xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">` +
      `<domain:name>${name}</domain:name><domain:period unit="y">1</domain:period>` +
      `<domain:registrant>${c}</domain:registrant><domain:contact type="admin">${c}</domain:contact><domain:contact type="tech">${c}</domain:contact>` +
      `<domain:authInfo><domain:pw>Bench-${clTRID}-Xy9</domain:pw></domain:authInfo>` +
      `</domain:create></create><clTRID>${clTRID}</clTRID></command>`,
  );
}

export function checkXml(names: readonly string[], clTRID: string): string {
  return eppDoc(
    `<command><check><domain:check xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">` +
      names.map((n) => `<domain:name>${n}</domain:name>`).join('') +
      `</domain:check></check><clTRID>${clTRID}</clTRID></command>`,
  );
}

/** Counts `<domain:name avail="1">` in a check answer. */
export function availableCount(response: string): number {
  return (response.match(/avail="(1|true)"/g) ?? []).length;
}
