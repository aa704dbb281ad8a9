import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * Writing XML text safely and incrementally.
 *
 * `escapeXml` makes any string safe as element content or as a double-quoted attribute value.
 * Characters XML 1.0 cannot carry at all (C0 controls other than TAB, LF, CR; lone surrogates;
 * U+FFFE/U+FFFF) are replaced by U+FFFD so that one bad byte in a database row can never make a
 * whole deposit unreadable. TAB, LF and CR are written as character references so that they
 * survive attribute-value and line-end normalisation on the way back in.
 */
const SPECIAL = /[&<>"'\t\n\r]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes text for element content and double-quoted attribute values. */
export function escapeXml(value: string | number): string {
  return String(value).replace(SPECIAL, (c) => REPLACEMENTS[c] ?? '\uFFFD');
}

/** Attributes for {@link element}; `null`/`undefined` values are left out. */
export type XmlAttrs = Readonly<Record<string, string | number | null | undefined>>;

function attrsText(attrs: XmlAttrs | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) out += ` ${name}="${escapeXml(value)}"`;
  }
  return out;
}

/**
 * One element. `content` is escaped text (a string or number), raw child markup (an array of
 * strings already produced by `element`), or nothing (an empty element).
 */
export function element(name: string, content?: string | number | null | readonly string[], attrs?: XmlAttrs): string {
  const open = `<${name}${attrsText(attrs)}`;
  if (content === undefined || content === null || (Array.isArray(content) && content.length === 0)) return `${open}/>`;
  const inner = Array.isArray(content) ? content.join('') : escapeXml(content as string | number);
  return `${open}>${inner}</${name}>`;
}

/** `element` for an optional value: nothing at all when the value is null, undefined or ''. */
export function optional(name: string, value: string | number | null | undefined, attrs?: XmlAttrs): string {
  return value === null || value === undefined || value === '' ? '' : element(name, value, attrs);
}

const FLUSH_AT = 256 * 1024;

/**
 * Buffered, back-pressure-aware UTF-8 file writer: callers `await write()` and never hold more
 * than a few hundred kilobytes in memory, however large the document.
 */
export class XmlFileWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private buffered = 0;
  private failure: Error | null = null;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          this.stream.off('drain', onDrain);
          reject(error);
        };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }

  /** Flushes, closes the file and waits until its contents are handed to the OS. */
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
  }

  /** Abandons the file (after an error); never throws. */
  destroy(): void {
    this.stream.destroy();
  }
}
