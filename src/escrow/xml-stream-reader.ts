/**
 * A small streaming, namespace-aware XML reader for escrow deposits.
 *
 * Why not libxml2-wasm here: it (0.7) offers only whole-document parsing, and a full deposit of a
 * large registry is gigabytes, more than a 32-bit WebAssembly heap can hold. This reader consumes
 * the file in chunks and hands over one small element tree at a time (the caller chooses which:
 * for deposits, each child of `<rde:contents>` and `<rde:deletes>`), so memory stays flat.
 *
 * It checks what a deposit reader needs to trust: tags nest and match, attribute syntax, no
 * duplicate attributes, prefixes are declared, only the five predefined entities and character
 * references, no forbidden characters, exactly one root, nothing but whitespace, comments and PIs
 * outside it. It refuses DOCTYPE (so no entity expansion of any kind). It does not check every
 * character class of the XML Name production; the tests parse deposits with libxml2 as well.
 */

/** An element with its namespace URI, local name, attributes, element children and own text. */
export interface XmlNode {
  ns: string;
  local: string;
  /** Unprefixed attributes by name; prefixed ones as `{uri}local`. */
  attrs: Map<string, string>;
  children: XmlNode[];
  /** Concatenated character data directly inside this element (not trimmed). */
  text: string;
  line: number;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
  }
}

/** Called for each element as it opens; returning true makes the reader build its subtree. */
export type CaptureRule = (path: ReadonlyArray<{ ns: string; local: string }>, node: XmlNode) => boolean;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME = /^[\p{L}_][\p{L}\p{N}._\-\u00B7]*(?::[\p{L}_][\p{L}\p{N}._\-\u00B7]*)?$/u;
const ATTR = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([['xml', XML_NS], ['', '']]);

interface Open {
  qname: string;
  ns: string;
  local: string;
  scope: ReadonlyMap<string, string>;
  node: XmlNode | null;
}

/** Push parser: `feed()` text chunks, then `end()`. Captured subtrees go to `onCaptured`. */
export class XmlStreamReader {
  private buf = '';
  private pos = 0;
  private line = 1;
  private rawText = '';
  private readonly stack: Open[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private started = false;
  private readonly names = new Set<string>();

  constructor(
    private readonly capture: CaptureRule,
    private readonly onCaptured: (node: XmlNode, path: ReadonlyArray<{ ns: string; local: string }>) => void,
    private readonly onOpen?: (node: XmlNode, depth: number, declared: ReadonlyMap<string, string>) => void,
  ) {}

  feed(chunk: string): void {
    if (!this.started && this.buf === '' && this.rawText === '' && chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.pos < this.buf.length) this.fail('unexpected end of document inside markup');
    this.flushText();
    if (!this.rootSeen) this.fail('no root element');
    if (this.stack.length > 0) this.fail(`unexpected end of document: <${this.stack[this.stack.length - 1].qname}> is not closed`);
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(message, this.line);
  }

  private advance(to: number): string {
    const consumed = this.buf.slice(this.pos, to);
    for (let i = consumed.indexOf('\n'); i !== -1; i = consumed.indexOf('\n', i + 1)) this.line += 1;
    this.pos = to;
    return consumed;
  }

  private run(final: boolean): void {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const lt = buf.indexOf('<', this.pos);
      if (lt === -1) {
        this.rawText += this.advance(buf.length);
        return;
      }
      if (lt > this.pos) this.rawText += this.advance(lt);
      if (!this.markup(buf, final)) return;
    }
  }

  /** Consumes one construct starting at `<`; false when the buffer does not hold all of it yet. */
  private markup(buf: string, final: boolean): boolean {
    const at = this.pos;
    const head = buf.slice(at, at + 9);
    const incomplete = (what: string): false => {
      if (final) this.fail(`unterminated ${what}`);
      return false;
    };
    if (!final && head.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE', '<?'].some((p) => p.startsWith(head))) return false;
    if (head.startsWith('<!--')) {
      const close = buf.indexOf('-->', at + 4);
      if (close === -1) return incomplete('comment');
      this.flushText();
      this.advance(close + 3);
      this.started = true;
      return true;
    }
    if (head.startsWith('<![CDATA[')) {
      const close = buf.indexOf(']]>', at + 9);
      if (close === -1) return incomplete('CDATA section');
      if (this.stack.length === 0) this.fail('CDATA outside the root element');
      this.flushText();
      this.appendText(this.advance(close + 3).slice(9, -3).replace(/\r\n?/g, '\n'));
      return true;
    }
    if (head.startsWith('<!')) this.fail(head.startsWith('<!DOCTYPE') ? 'DOCTYPE is not allowed in a deposit' : 'unexpected "<!"');
    if (head.startsWith('<?')) {
      const close = buf.indexOf('?>', at + 2);
      if (close === -1) return incomplete('processing instruction');
      const isDeclaration = /^<\?xml[\s?]/.test(buf.slice(at, at + 6));
      if (isDeclaration && (this.started || this.rawText !== '')) this.fail('XML declaration not at the start of the document');
      this.flushText();
      this.advance(close + 2);
      this.started = true;
      return true;
    }
    const close = tagEnd(buf, at + 1);
    if (close < -1) {
      this.advance(-2 - close);
      this.fail('"<" inside a tag');
    }
    if (close === -1) return incomplete('tag');
    this.flushText();
    this.started = true;
    const startLine = this.line;
    const tag = this.advance(close + 1);
    if (tag.startsWith('</')) this.endTag(tag.slice(2, -1).trim());
    else this.startTag(tag, startLine);
    return true;
  }

  private startTag(tag: string, line: number): void {
    if (this.rootClosed) this.fail('content after the root element');
    const selfClosing = tag.endsWith('/>');
    const body = tag.slice(1, selfClosing ? -2 : -1);
    const qname = /^[^\s/>]+/.exec(body)?.[0] ?? '';
    this.checkName(qname, 'element');
    const raw = new Map<string, string>();
    let i = qname.length;
    for (;;) {
      ATTR.lastIndex = i;
      const m = ATTR.exec(body);
      if (!m) break;
      if (!/\s/.test(body[i])) this.fail(`no space before attribute ${m[1]} in <${qname}>`);
      const value = m[2] ?? m[3];
      this.checkName(m[1], 'attribute');
      if (value.includes('<')) this.fail(`"<" in the value of attribute ${m[1]}`);
      if (raw.has(m[1])) this.fail(`duplicate attribute ${m[1]} on <${qname}>`);
      raw.set(m[1], this.decode(value.replace(/[\t\n\r]/g, ' ')));
      i = ATTR.lastIndex;
    }
    if (body.slice(i).trim() !== '') this.fail(`malformed attributes in <${qname}>`);

    const parent = this.stack[this.stack.length - 1];
    const declared = new Map<string, string>();
    for (const [name, value] of raw) {
      if (name === 'xmlns') declared.set('', value);
      else if (name.startsWith('xmlns:')) {
        if (value === '') this.fail(`empty namespace for prefix ${name.slice(6)}`);
        declared.set(name.slice(6), value);
      }
    }
    // Scopes are shared down the tree and copied only where an element declares a namespace.
    let scope = parent?.scope ?? ROOT_SCOPE;
    if (declared.size) scope = new Map([...scope, ...declared]);
    const [prefix, local] = qname.includes(':') ? qname.split(':') : ['', qname];
    const ns = scope.get(prefix);
    if (ns === undefined) this.fail(`undeclared namespace prefix "${prefix}" on <${qname}>`);
    const attrs = new Map<string, string>();
    for (const [name, value] of raw) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      if (!name.includes(':')) attrs.set(name, value);
      else {
        const [p, l] = name.split(':');
        const uri = scope.get(p);
        if (uri === undefined) this.fail(`undeclared namespace prefix "${p}" on attribute ${name}`);
        attrs.set(`{${uri}}${l}`, value);
      }
    }
    if (!parent) {
      if (this.rootSeen) this.fail('more than one root element');
      this.rootSeen = true;
    }
    const node: XmlNode = { ns, local, attrs, children: [], text: '', line };
    let kept: XmlNode | null = null;
    if (parent?.node) {
      parent.node.children.push(node);
      kept = node;
    } else {
      this.onOpen?.(node, this.stack.length + 1, declared);
      if (this.capture([...this.stack.map((o) => ({ ns: o.ns, local: o.local })), { ns, local }], node)) kept = node;
    }
    this.stack.push({ qname, ns, local, scope, node: kept });
    if (selfClosing) this.endTag(qname);
  }

  /** Names repeat endlessly in a deposit: each distinct one is checked once. */
  private checkName(name: string, what: string): void {
    if (this.names.has(name)) return;
    if (!NAME.test(name)) this.fail(`invalid ${what} name "${name}"`);
    if (this.names.size < 10_000) this.names.add(name);
  }

  private endTag(qname: string): void {
    const open = this.stack.pop();
    if (!open) this.fail(`unexpected </${qname}>`);
    if (open.qname !== qname) this.fail(`</${qname}> does not close <${open.qname}>`);
    const parent = this.stack[this.stack.length - 1];
    if (open.node && !parent?.node) this.onCaptured(open.node, [...this.stack.map((o) => ({ ns: o.ns, local: o.local }))]);
    if (this.stack.length === 0) this.rootClosed = true;
  }

  private flushText(): void {
    if (this.rawText === '') return;
    const raw = this.rawText;
    this.rawText = '';
    if (this.stack.length === 0) {
      if (raw.trim() !== '') this.fail('text outside the root element');
      return;
    }
    if (raw.includes(']]>')) this.fail('"]]>" in character data');
    this.appendText(this.decode(raw.replace(/\r\n?/g, '\n')));
  }

  private appendText(text: string): void {
    if (FORBIDDEN_CHAR.test(text)) this.fail('character not allowed in XML');
    const top = this.stack[this.stack.length - 1];
    if (top?.node) top.node.text += text;
  }

  private decode(text: string): string {
    if (FORBIDDEN_CHAR.test(text)) this.fail('character not allowed in XML');
    if (!text.includes('&')) return text;
    return text.replace(/&([^;&\s]*);?/g, (all, ref: string) => {
      if (!all.endsWith(';')) this.fail(`bare "&" (write &amp;)`);
      if (PREDEFINED[ref]) return PREDEFINED[ref];
      const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (!m) this.fail(`undefined entity &${ref};`);
      const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!ok) this.fail(`character reference ${all} is not an XML character`);
      return String.fromCodePoint(code);
    });
  }
}

/** Index of the `>` closing the tag that starts before `from`, skipping quoted values; -1 if not in `buf`. */
function tagEnd(buf: string, from: number): number {
  let quote = '';
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -2 - i;
  }
  return -1;
}
