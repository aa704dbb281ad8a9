/**
 * Safe parsing and XML Schema validation of EPP documents (RFC 5730–5733, 5910, 3915).
 *
 * `EppXml.load()` loads libxml2 (WebAssembly) once and compiles the schema set in
 * `epp-schemas/` once, through the driver schema `azreg-all.xsd` that imports every namespace
 * azreg speaks. `withCommand()` then refuses dangerous input before parsing (see
 * `prescan.ts`), parses with no entity substitution, no DTD loading and no network,
 * validates against the compiled set and lends the caller a read-only XPath view of the
 * document, disposing the document afterwards.
 *
 * libxml2-wasm is an ES module with top-level await, so this CommonJS module loads it with a
 * dynamic `import()`; TypeScript (module node20) emits that call unchanged.
 */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { prescanXml } from './prescan';
import { DocumentReader, XPathCache } from './reader';

/** The namespace URIs of EPP and its object mappings/extensions, keyed by the XPath prefix. */
export const EPP_NS = {
  epp: 'urn:ietf:params:xml:ns:epp-1.0',
  eppcom: 'urn:ietf:params:xml:ns:eppcom-1.0',
  domain: 'urn:ietf:params:xml:ns:domain-1.0',
  host: 'urn:ietf:params:xml:ns:host-1.0',
  contact: 'urn:ietf:params:xml:ns:contact-1.0',
  secDNS: 'urn:ietf:params:xml:ns:secDNS-1.1',
  rgp: 'urn:ietf:params:xml:ns:rgp-1.0',
} as const;

/**
 * Why a document was refused. `reason` is short, human-readable and safe to echo in an EPP
 * `<reason>`: it never contains anything read from outside the request itself.
 */
export type EppParseFailure = {
  ok: false;
  kind: 'forbidden-construct' | 'not-well-formed' | 'schema-invalid' | 'encoding';
  reason: string;
};

/** The result of {@link EppXml.withCommand}. */
export type EppParseResult<T> = { ok: true; value: T } | EppParseFailure;

/** An opaque handle on a node of the document an {@link EppReader} reads; valid only inside `use`. */
export type EppNode = unknown;

/**
 * Read-only view of one parsed, schema-valid document. XPath expressions may use the
 * {@link EPP_NS} prefixes. Without `ctx` they are evaluated with the root `<epp:epp>` element
 * as the context node (absolute paths such as `/epp:epp/epp:command` work too); with `ctx`,
 * relative to that node. The reader and its nodes are unusable once `use` has returned.
 */
export interface EppReader {
  /** Trimmed text content of the first match (attribute value for attribute matches), or null. */
  text(xpath: string, ctx?: EppNode): string | null;
  /** Trimmed text content of every match, in document order. */
  texts(xpath: string, ctx?: EppNode): string[];
  /** Value of the unqualified attribute `name` on the first matching element, or null. */
  attr(xpath: string, name: string, ctx?: EppNode): string | null;
  /** Whether the XPath matches at least one node. */
  exists(xpath: string, ctx?: EppNode): boolean;
  /** Every matching node, in document order. */
  nodes(xpath: string, ctx?: EppNode): EppNode[];
  /** Local name of an element or attribute node (e.g. `create` for `<domain:create>`). */
  localName(node: EppNode): string;
  /** Namespace URI of an element or attribute node, or null when it has none. */
  namespaceUri(node: EppNode): string | null;
}

type Libxml2 = typeof import('libxml2-wasm');

let libxml2: Promise<Libxml2> | undefined;
let schemaProvider: InstanceType<Libxml2['XmlBufferInputProvider']> | undefined;
let loadSequence = 0;

/** Loads libxml2-wasm once per process (ES module: dynamic import from CommonJS). */
function loadLibxml2(): Promise<Libxml2> {
  libxml2 ??= import('libxml2-wasm').catch((error: unknown) => {
    libxml2 = undefined;
    throw error;
  });
  return libxml2;
}

const DRIVER_SCHEMA = 'azreg-all.xsd';
const MAX_REASON = 160;
const NS_BY_URI = new Map<string, string>(Object.entries(EPP_NS).map(([p, uri]) => [uri, p]));

/** Turns a libxml2 message into a short one-line reason, with `{uri}name` shown as `prefix:name`. */
function shortReason(message: string, line?: number): string {
  const text = message
    .replace(/\{([^}]*)\}(\w+)/g, (all, uri: string, name: string) => {
      const prefix = NS_BY_URI.get(uri);
      return prefix ? `${prefix}:${name}` : all;
    })
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const withLine = line ? `line ${line}: ${text}` : text;
  return withLine.length > MAX_REASON ? `${withLine.slice(0, MAX_REASON - 1)}…` : withLine;
}

/** Compiled EPP schema set plus the libxml2 machinery to parse and validate EPP documents. */
export class EppXml {
  private disposed = false;

  private constructor(
    private readonly lib: Libxml2,
    private readonly validator: XsdValidator,
    private readonly xpaths: XPathCache,
  ) {}

  /**
   * Loads libxml2-wasm (once per process) and compiles the schema set in `schemaDir` (once per
   * call) through its `azreg-all.xsd` driver. The `.xsd` files are served to libxml2 from
   * memory under a private URL, so relative `schemaLocation`s resolve with no file or network
   * access by libxml2 itself.
   */
  static async load(schemaDir: string): Promise<EppXml> {
    const lib = await loadLibxml2();
    const names = (await readdir(schemaDir)).filter((name) => name.endsWith('.xsd'));
    if (!names.includes(DRIVER_SCHEMA)) {
      throw new Error(`EPP schema driver ${DRIVER_SCHEMA} not found in ${schemaDir}`);
    }
    const files = await Promise.all(names.map((name) => readFile(join(schemaDir, name))));
    if (!schemaProvider) {
      schemaProvider = new lib.XmlBufferInputProvider({});
      if (!lib.xmlRegisterInputProvider(schemaProvider)) {
        schemaProvider = undefined;
        throw new Error('libxml2 refused the EPP schema input provider');
      }
    }
    const provider = schemaProvider;
    loadSequence += 1;
    const base = `azreg-epp-schemas-${loadSequence}:///`;
    names.forEach((name, i) => provider.addBuffer(base + name, files[i]));
    let validator: XsdValidator;
    try {
      const driver = lib.XmlDocument.fromBuffer(files[names.indexOf(DRIVER_SCHEMA)], {
        url: base + DRIVER_SCHEMA,
        option: lib.ParseOption.XML_PARSE_NONET,
      });
      try {
        validator = lib.XsdValidator.fromDoc(driver);
      } finally {
        driver.dispose();
      }
    } finally {
      names.forEach((name) => provider.removeBuffer(base + name));
    }
    return new EppXml(lib, validator, new XPathCache(lib, EPP_NS));
  }

  /**
   * Refuses DOCTYPE (any `<!DOCTYPE`), `<!ENTITY` and other markup declarations, XInclude,
   * processing instructions other than the XML declaration, and anything that is not UTF-8
   * (invalid bytes, NUL, a UTF-16/32 byte-order mark, a non-UTF-8 declared encoding), all
   * before parsing; then parses with no entity substitution, no network and no DTD loading,
   * and validates against the schema set. Calls `use(reader)` with the document and disposes
   * it afterwards, even when `use` throws (the error is rethrown).
   */
  async withCommand<T>(bytes: Buffer, use: (r: EppReader) => T | Promise<T>): Promise<EppParseResult<T>> {
    const parsed = this.parse(bytes);
    if (!parsed.ok) return parsed;
    const doc = parsed.doc;
    const reader = new DocumentReader(this.lib, doc, this.xpaths);
    try {
      const problems = this.schemaErrors(doc);
      if (problems.length > 0) {
        return { ok: false, kind: 'schema-invalid', reason: problems[0] };
      }
      return { ok: true, value: await use(reader) };
    } finally {
      reader.close();
      doc.dispose();
    }
  }

  /**
   * Schema-validates a document the server is about to send (tests run it on every response;
   * development builds may too). Applies the same refusals as {@link withCommand}. Returns
   * the problems found; an empty array means valid.
   */
  validate(xml: string): string[] {
    const parsed = this.parse(Buffer.from(xml, 'utf8'));
    if (!parsed.ok) return [`${parsed.kind}: ${parsed.reason}`];
    try {
      return this.schemaErrors(parsed.doc, Number.POSITIVE_INFINITY);
    } finally {
      parsed.doc.dispose();
    }
  }

  /** Frees the compiled schema and cached XPath expressions; the instance is unusable after. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.validator.dispose();
    this.xpaths.dispose();
  }

  private parse(input: Uint8Array): { ok: true; doc: XmlDocument } | EppParseFailure {
    if (this.disposed) throw new Error('EppXml has been disposed');
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const refused = prescanXml(bytes);
    if (refused) return { ok: false, ...refused };
    const { ParseOption, XmlDocument, XmlParseError } = this.lib;
    try {
      const doc = XmlDocument.fromBuffer(bytes, {
        encoding: 'UTF-8',
        // Deliberately without XML_PARSE_NOENT / DTDLOAD / DTDATTR / DTDVALID / XINCLUDE.
        option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE,
      });
      return { ok: true, doc };
    } catch (error) {
      if (!(error instanceof XmlParseError)) throw error;
      const first = error.details.find((d) => d.level >= 2) ?? error.details[0];
      const reason = first ? shortReason(first.message, first.line) : 'XML is not well-formed';
      return { ok: false, kind: 'not-well-formed', reason };
    }
  }

  /** Validates `doc`; returns up to `limit` short problem descriptions (empty when valid). */
  private schemaErrors(doc: XmlDocument, limit = 1): string[] {
    try {
      this.validator.validate(doc);
      return [];
    } catch (error) {
      if (!(error instanceof this.lib.XmlValidateError)) throw error;
      const details = error.details.slice(0, limit);
      return details.length > 0
        ? details.map((d) => shortReason(d.message, d.line))
        : ['document does not match the EPP schemas'];
    }
  }
}
