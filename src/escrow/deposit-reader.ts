import { createReadStream } from 'node:fs';
import { RDE_NS } from './rde';
import { kids, textOf } from './rde-parse';
import { XmlStreamReader, type XmlNode } from './xml-stream-reader';

/** What the envelope of a deposit says (RFC 8909 §5): all null when absent. */
export interface DepositEnvelope {
  /** `{uri}local` of the root element; `rde:deposit` is `{urn:ietf:params:xml:ns:rde-1.0}deposit`. */
  root: string | null;
  type: string | null;
  id: string | null;
  prevId: string | null;
  watermark: string | null;
  version: string | null;
  objURIs: string[];
  /** Namespace declarations on the root element, by prefix. */
  namespaces: Map<string, string>;
}

/** Receives the objects of a deposit one at a time, in file order; may be async (it is awaited). */
export interface DepositVisitor {
  content?(node: XmlNode): void | Promise<void>;
  delete?(node: XmlNode): void | Promise<void>;
}

const isRde = (e: { ns: string; local: string }, local: string) => e.ns === RDE_NS.rde && e.local === local;

/**
 * Streams a deposit file: the envelope is collected, each child of `<rde:contents>` and of
 * `<rde:deletes>` goes to the visitor as a small tree and is then dropped. Memory does not grow
 * with the file. Throws XmlSyntaxError (with a line number) if the file is not well-formed XML.
 */
export async function readDeposit(file: string, visitor: DepositVisitor): Promise<DepositEnvelope> {
  const envelope: DepositEnvelope = { root: null, type: null, id: null, prevId: null, watermark: null, version: null, objURIs: [], namespaces: new Map() };
  const pending: Array<{ node: XmlNode; section: 'contents' | 'deletes' }> = [];
  const reader = new XmlStreamReader(
    (path) => {
      if (path.length < 2 || !isRde(path[0], 'deposit')) return false;
      if (path.length === 2) return !isRde(path[1], 'contents') && !isRde(path[1], 'deletes');
      return path.length === 3 && (isRde(path[1], 'contents') || isRde(path[1], 'deletes'));
    },
    (node, path) => {
      if (path.length === 1) {
        if (isRde(node, 'watermark')) envelope.watermark = node.text.trim();
        if (isRde(node, 'rdeMenu')) {
          envelope.version = textOf(node, RDE_NS.rde, 'version');
          envelope.objURIs = kids(node, RDE_NS.rde, 'objURI').map((u) => u.text.trim());
        }
        return;
      }
      pending.push({ node, section: isRde(path[1], 'contents') ? 'contents' : 'deletes' });
    },
    (node, depth, declared) => {
      if (depth !== 1) return;
      envelope.namespaces = new Map(declared);
      envelope.root = `{${node.ns}}${node.local}`;
      envelope.type = node.attrs.get('type') ?? null;
      envelope.id = node.attrs.get('id') ?? null;
      envelope.prevId = node.attrs.get('prevId') ?? null;
    },
  );
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) {
      reader.feed(String(chunk));
      await drain(pending, visitor);
    }
    reader.end();
    await drain(pending, visitor);
  } finally {
    stream.destroy();
  }
  return envelope;
}

async function drain(pending: Array<{ node: XmlNode; section: 'contents' | 'deletes' }>, visitor: DepositVisitor): Promise<void> {
  for (const item of pending.splice(0)) {
    if (item.section === 'contents') await visitor.content?.(item.node);
    else await visitor.delete?.(item.node);
  }
}
