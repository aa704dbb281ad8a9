import { esc, NS, XML_DECL, dateTime } from './xml';

export const SERVER_ID = 'azreg EPP server (.az registry)';
export const OBJECT_URIS = [NS.domain, NS.host, NS.contact] as const;
export const EXTENSION_URIS = [NS.secDNS, NS.rgp] as const;

/** The <greeting> sent on connect and in answer to <hello> (RFC 5730 §2.4). */
export function writeGreeting(now: Date): string {
  const objURIs = OBJECT_URIS.map((u) => `<objURI>${esc(u)}</objURI>`).join('');
  const extURIs = EXTENSION_URIS.map((u) => `<extURI>${esc(u)}</extURI>`).join('');
  return (
    `${XML_DECL}<epp xmlns="${NS.epp}"><greeting><svID>${esc(SERVER_ID)}</svID><svDate>${dateTime(now)}</svDate>` +
    `<svcMenu><version>1.0</version><lang>en</lang><lang>az</lang>${objURIs}<svcExtension>${extURIs}</svcExtension></svcMenu>` +
    `<dcp><access><all/></access><statement><purpose><admin/><prov/></purpose><recipient><ours/><public/></recipient><retention><stated/></retention></statement></dcp>` +
    `</greeting></epp>`
  );
}
