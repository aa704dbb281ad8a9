/**
 * Byte-level refusal of dangerous or unsupported XML before any parser sees it.
 *
 * Everything here runs on the raw bytes of an EPP frame, so a DOCTYPE, an entity declaration
 * or a processing instruction is refused before libxml2 could load, declare or expand
 * anything. The checks are deliberately simple and conservative:
 *
 * - the bytes must be valid UTF-8 with no NUL (this also catches UTF-16/UTF-32 without a BOM,
 *   which libxml2 would otherwise auto-detect and decode differently from this scan);
 * - a UTF-16/UTF-32 byte-order mark, or an XML declaration naming any encoding other than
 *   UTF-8, is refused;
 * - every `<` is classified: comments and CDATA sections are skipped, any other `<!…`
 *   (DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION) and any `<?…` other than the XML
 *   declaration at offset 0 is refused;
 * - the XInclude namespace is refused outright (azreg never processes XInclude).
 *
 * A `<` can only start markup, a comment, a CDATA section or a PI in a well-formed document
 * (it is not allowed unescaped in text or attribute values), so skipping exactly comments and
 * CDATA sections cannot hide a declaration from this scan. Input that is not well-formed may
 * be refused here as a forbidden construct rather than later as not well-formed; both refuse.
 */

import { isUtf8 } from 'node:buffer';

/** Why the prescan refused a document; `reason` is short and contains no input text. */
export interface PrescanFailure {
  kind: 'forbidden-construct' | 'encoding' | 'not-well-formed';
  reason: string;
}

const LT = 0x3c; // <
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const XINCLUDE_NS = 'http://www.w3.org/2001/XInclude';

function startsWithAt(bytes: Buffer, at: number, ascii: string): boolean {
  if (at + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i += 1) {
    if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}

function isXmlSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function hasForeignBom(bytes: Buffer): boolean {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe)) return true; // UTF-16 / UTF-32LE
  return b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff; // UTF-32BE
}

/**
 * Checks the XML declaration (if any) at `start`; returns the offset just past it, or a
 * failure when it declares an encoding other than UTF-8 or is unterminated.
 */
function checkDeclaration(bytes: Buffer, start: number): number | PrescanFailure {
  if (!startsWithAt(bytes, start, '<?xml') || !isXmlSpace(bytes[start + 5])) return start;
  const end = bytes.indexOf('?>', start + 5, 'latin1');
  if (end < 0) return { kind: 'not-well-formed', reason: 'unterminated XML declaration' };
  const declaration = bytes.toString('latin1', start, end);
  const match = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(declaration);
  if (match && match[2].toLowerCase() !== 'utf-8') {
    return { kind: 'encoding', reason: 'only UTF-8 encoded XML is accepted' };
  }
  return end + 2;
}

function classifyBang(bytes: Buffer, at: number): PrescanFailure {
  if (startsWithAt(bytes, at, '<!DOCTYPE')) {
    return { kind: 'forbidden-construct', reason: 'DOCTYPE declarations are not allowed' };
  }
  if (startsWithAt(bytes, at, '<!ENTITY')) {
    return { kind: 'forbidden-construct', reason: 'entity declarations are not allowed' };
  }
  return { kind: 'forbidden-construct', reason: 'markup declarations are not allowed' };
}

/**
 * Scans raw EPP bytes and returns why they must be refused, or `null` when they may be handed
 * to the parser (which still enforces well-formedness and the schema).
 */
export function prescanXml(bytes: Buffer): PrescanFailure | null {
  if (bytes.length === 0) return { kind: 'not-well-formed', reason: 'empty document' };
  if (hasForeignBom(bytes)) return { kind: 'encoding', reason: 'only UTF-8 encoded XML is accepted' };
  if (!isUtf8(bytes)) return { kind: 'encoding', reason: 'invalid UTF-8 byte sequence' };
  if (bytes.indexOf(0) >= 0) return { kind: 'encoding', reason: 'NUL characters are not allowed' };

  const start = bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
  const afterDeclaration = checkDeclaration(bytes, start);
  if (typeof afterDeclaration !== 'number') return afterDeclaration;

  let pos = afterDeclaration;
  for (;;) {
    const at = bytes.indexOf(LT, pos);
    if (at < 0) break;
    const next = bytes[at + 1];
    if (next === BANG) {
      if (startsWithAt(bytes, at, '<!--')) {
        const end = bytes.indexOf('-->', at + 4, 'latin1');
        if (end < 0) break; // unterminated: the parser reports it
        pos = end + 3;
      } else if (startsWithAt(bytes, at, '<![CDATA[')) {
        const end = bytes.indexOf(']]>', at + 9, 'latin1');
        if (end < 0) break;
        pos = end + 3;
      } else {
        return classifyBang(bytes, at);
      }
    } else if (next === QUESTION) {
      if (startsWithAt(bytes, at, '<?xml') && isXmlSpace(bytes[at + 5])) {
        return { kind: 'not-well-formed', reason: 'XML declaration must be at the very start' };
      }
      return { kind: 'forbidden-construct', reason: 'processing instructions are not allowed' };
    } else {
      pos = at + 1;
    }
  }
  if (bytes.indexOf(XINCLUDE_NS, start, 'latin1') >= 0) {
    return { kind: 'forbidden-construct', reason: 'XInclude is not allowed' };
  }
  return null;
}
