import { esc, NS, XML_DECL, dateTime } from './xml';
import { RESULT_MESSAGES } from './epp-result';

export interface EppResponseParts {
  code: number;
  msg?: string;
  /** <extValue> entries: the offending value (as escaped text) and a reason. */
  extValues?: Array<{ value?: string; reason: string }>;
  msgQ?: { count: number; id: string; qDate?: Date; msg?: string };
  resData?: string;
  extension?: string;
  clTRID?: string | null;
  svTRID: string;
}

/**
 * Writes one EPP <response> in the element order RFC 5730's schema requires:
 * result+, msgQ?, resData?, extension?, trID.
 */
export function writeResponse(p: EppResponseParts): string {
  const msg = p.msg ?? RESULT_MESSAGES[p.code] ?? 'Command failed';
  const extValues = (p.extValues ?? [])
    .map((v) => `<extValue><value><text>${esc(v.value ?? '')}</text></value><reason>${esc(v.reason)}</reason></extValue>`)
    .join('');
  const msgQBody = p.msgQ ? `${p.msgQ.qDate ? `<qDate>${dateTime(p.msgQ.qDate)}</qDate>` : ''}${p.msgQ.msg ? `<msg>${esc(p.msgQ.msg)}</msg>` : ''}` : '';
  const msgQ = p.msgQ ? `<msgQ count="${p.msgQ.count}" id="${esc(p.msgQ.id)}"${msgQBody ? `>${msgQBody}</msgQ>` : '/>'}` : '';
  const resData = p.resData ? `<resData>${p.resData}</resData>` : '';
  const extension = p.extension ? `<extension>${p.extension}</extension>` : '';
  const clTRID = p.clTRID ? `<clTRID>${esc(p.clTRID)}</clTRID>` : '';
  return `${XML_DECL}<epp xmlns="${NS.epp}"><response><result code="${p.code}"><msg>${esc(msg)}</msg>${extValues}</result>${msgQ}${resData}${extension}<trID>${clTRID}<svTRID>${esc(p.svTRID)}</svTRID></trID></response></epp>`;
}
