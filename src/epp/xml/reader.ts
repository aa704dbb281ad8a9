/**
 * The read-only XPath view handed to EPP command handlers, and the cache of compiled XPath
 * expressions it uses. Internal to `src/epp/xml`; the public types live in `epp-xml.ts`.
 */

import type { NamespaceMap, XmlDocument, XmlNode, XmlXPath } from 'libxml2-wasm';
import type { EppNode, EppReader } from './epp-xml';

type Libxml2 = typeof import('libxml2-wasm');

/**
 * Compiled XPath expressions, reused across documents. Bounded: when full, the oldest entry
 * is disposed (safe, since an expression is only used synchronously right after lookup).
 */
export class XPathCache {
  private readonly compiled = new Map<string, XmlXPath>();

  /** @param lib the loaded libxml2-wasm module; @param namespaces prefixes usable in XPaths */
  constructor(
    private readonly lib: Libxml2,
    private readonly namespaces: NamespaceMap,
    private readonly capacity = 512,
  ) {}

  /** The compiled form of `xpath`, compiling (and caching) it on first use. */
  get(xpath: string): XmlXPath {
    const hit = this.compiled.get(xpath);
    if (hit) return hit;
    // libxml2-wasm registers every namespace of the map on each evaluation; pass only the
    // prefixes the expression can use (over-inclusion is harmless).
    const used: NamespaceMap = {};
    for (const [prefix, uri] of Object.entries(this.namespaces)) {
      if (xpath.includes(`${prefix}:`)) used[prefix] = uri;
    }
    const fresh = this.lib.XmlXPath.compile(xpath, used);
    if (this.compiled.size >= this.capacity) {
      const [oldestKey, oldest] = this.compiled.entries().next().value as [string, XmlXPath];
      this.compiled.delete(oldestKey);
      oldest.dispose();
    }
    this.compiled.set(xpath, fresh);
    return fresh;
  }

  /** Disposes every compiled expression. */
  dispose(): void {
    for (const xpath of this.compiled.values()) xpath.dispose();
    this.compiled.clear();
  }
}

/**
 * {@link EppReader} over one parsed document. Only nodes this reader returned are accepted as
 * `ctx`, and every method throws once {@link close} has been called (the document is freed
 * right after), so a handle that escapes `use` cannot touch freed memory.
 */
export class DocumentReader implements EppReader {
  private open = true;
  private readonly issued = new WeakSet<XmlNode>();

  /** @param lib the loaded libxml2-wasm module; @param doc the document to read */
  constructor(
    private readonly lib: Libxml2,
    private readonly doc: XmlDocument,
    private readonly xpaths: XPathCache,
  ) {}

  /** Invalidates the reader; called before the document is disposed. */
  close(): void {
    this.open = false;
  }

  text(xpath: string, ctx?: EppNode): string | null {
    const node = this.context(ctx).get(this.xpaths.get(xpath));
    return node ? this.valueOf(node) : null;
  }

  texts(xpath: string, ctx?: EppNode): string[] {
    return this.context(ctx)
      .find(this.xpaths.get(xpath))
      .map((node) => this.valueOf(node));
  }

  attr(xpath: string, name: string, ctx?: EppNode): string | null {
    const node = this.context(ctx).get(this.xpaths.get(xpath));
    if (!(node instanceof this.lib.XmlElement)) return null;
    return node.attr(name)?.value ?? null;
  }

  exists(xpath: string, ctx?: EppNode): boolean {
    return this.context(ctx).get(this.xpaths.get(xpath)) !== null;
  }

  nodes(xpath: string, ctx?: EppNode): EppNode[] {
    const found = this.context(ctx).find(this.xpaths.get(xpath));
    for (const node of found) this.issued.add(node);
    return found;
  }

  localName(node: EppNode): string {
    const named = this.named(node);
    return named ? named.name : '';
  }

  namespaceUri(node: EppNode): string | null {
    const named = this.named(node);
    return named && named.namespaceUri !== '' ? named.namespaceUri : null;
  }

  private named(node: EppNode): { name: string; namespaceUri: string } | null {
    const checked = this.own(node);
    const { XmlElement, XmlAttribute } = this.lib;
    return checked instanceof XmlElement || checked instanceof XmlAttribute ? checked : null;
  }

  private valueOf(node: XmlNode): string {
    return (node instanceof this.lib.XmlAttribute ? node.value : node.content).trim();
  }

  private context(ctx: EppNode | undefined): XmlNode {
    if (ctx === undefined) {
      this.assertOpen();
      return this.doc.root;
    }
    return this.own(ctx);
  }

  private own(node: EppNode): XmlNode {
    this.assertOpen();
    if (!(node instanceof this.lib.XmlNode) || !this.issued.has(node)) {
      throw new TypeError('EppReader: not a node returned by this reader');
    }
    return node;
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('EppReader used after its document was disposed');
  }
}
