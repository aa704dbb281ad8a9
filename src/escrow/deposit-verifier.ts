import { readDeposit, type DepositEnvelope } from './deposit-reader';
import { DELETE_KINDS, OBJECT_KINDS, OBJECT_URI, RDE_NS, RDE_VERSION, zeroCounts, zeroDeleteCounts, type DeleteCounts, type ObjectCounts, type RdeObject } from './rde';
import { isHeader, parseDelete, parseHeader, parseObject, qname, RdeFormatError, type RdeHeader } from './rde-parse';
import { XmlSyntaxError } from './xml-stream-reader';

/** The outcome of {@link verifyDeposit}. `ok` is false as soon as there is one problem. */
export interface DepositVerification {
  ok: boolean;
  /** Objects present in `<rde:contents>`, by type (domain, host, contact, registrar). */
  counts: Record<string, number>;
  /** Entries of `<rde:deletes>`, by type. */
  deletes: Record<string, number>;
  problems: string[];
  /** Not failures: e.g. references an INCR deposit cannot resolve on its own. */
  warnings: string[];
  type: string | null;
  id: string | null;
  prevId: string | null;
  watermark: string | null;
}

const MAX_MESSAGES = 200;
const CONTACT_TYPES = new Set(['admin', 'tech', 'billing']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A message list that keeps the first MAX_MESSAGES entries and counts the rest. */
class Messages {
  readonly list: string[] = [];
  private dropped = 0;
  add(message: string): void {
    if (this.list.length < MAX_MESSAGES) this.list.push(message);
    else this.dropped += 1;
  }
  get size(): number {
    return this.list.length + this.dropped;
  }
  done(): string[] {
    return this.dropped ? [...this.list, `… and ${this.dropped} more`] : this.list;
  }
}

type RefKind = 'registrar' | 'contact' | 'host';

/**
 * Re-reads a deposit (streaming; memory grows only with the number of object identifiers) and
 * checks it: the envelope (RFC 8909 root, type, id, watermark, menu), that the header's count for
 * each object type equals the objects present, that every object has its required elements, that
 * identifiers are unique, and that references resolve — every domain's registrant, contacts, name
 * servers and sponsor, and every contact's and host's sponsor. In a FULL deposit an unresolved
 * reference is a problem; in an INCR deposit it is a warning (the object may be in an earlier
 * deposit). Prints nothing; a file that cannot be read or parsed is reported as a problem.
 */
export async function verifyDeposit(file: string): Promise<DepositVerification> {
  const problems = new Messages();
  const warnings = new Messages();
  const counts: ObjectCounts = zeroCounts();
  const deletes: DeleteCounts = zeroDeleteCounts();
  const seen: Record<RefKind, Set<string>> = { registrar: new Set(), contact: new Set(), host: new Set() };
  const domains = new Set<string>();
  const roids = new Set<string>();
  const pending: Array<{ from: string; kind: RefKind; key: string; what: string }> = [];
  const headers: RdeHeader[] = [];
  const otherUris = new Map<string, number>();

  const ref = (from: string, kind: RefKind, key: string | null, what: string) => {
    if (key !== null && !seen[kind].has(key)) pending.push({ from, kind, key, what });
  };
  const unique = (set: Set<string>, key: string, what: string) => {
    if (set.has(key)) problems.add(`duplicate ${what}`);
    set.add(key);
  };

  const visit = (o: RdeObject) => {
    counts[o.kind] += 1;
    switch (o.kind) {
      case 'registrar':
        unique(seen.registrar, o.value.id, `registrar ${o.value.id}`);
        return;
      case 'contact': {
        const c = o.value;
        unique(seen.contact, c.id, `contact ${c.id}`);
        unique(roids, c.roid, `roid ${c.roid}`);
        ref(`contact ${c.id}`, 'registrar', c.clID, 'sponsoring registrar (clID)');
        return;
      }
      case 'host': {
        const h = o.value;
        unique(seen.host, h.name, `host ${h.name}`);
        unique(roids, h.roid, `roid ${h.roid}`);
        ref(`host ${h.name}`, 'registrar', h.clID, 'sponsoring registrar (clID)');
        return;
      }
      case 'domain': {
        const d = o.value;
        const from = `domain ${d.name}`;
        unique(domains, d.name, from);
        unique(roids, d.roid, `roid ${d.roid}`);
        ref(from, 'registrar', d.clID, 'sponsoring registrar (clID)');
        ref(from, 'contact', d.registrant, 'registrant');
        for (const c of d.contacts) {
          if (!CONTACT_TYPES.has(c.type)) problems.add(`${from}: contact type "${c.type}" is not admin, tech or billing`);
          ref(from, 'contact', c.id, `${c.type} contact`);
        }
        for (const n of d.ns) ref(from, 'host', n, 'name server');
        if (d.transfer) {
          ref(from, 'registrar', d.transfer.reRr, 'gaining registrar (trnData/reRr)');
          ref(from, 'registrar', d.transfer.acRr, 'losing registrar (trnData/acRr)');
        }
      }
    }
  };

  let envelope: DepositEnvelope | null = null;
  try {
    envelope = await readDeposit(file, {
      content: (node) => {
        try {
          if (isHeader(node)) return void headers.push(parseHeader(node));
          const o = parseObject(node);
          if (o) return visit(o);
          otherUris.set(node.ns, (otherUris.get(node.ns) ?? 0) + 1);
        } catch (error) {
          if (!(error instanceof RdeFormatError)) throw error;
          problems.add(error.message);
        }
      },
      delete: (node) => {
        try {
          const d = parseDelete(node);
          if (d) deletes[d.kind] += 1;
          else problems.add(`line ${node.line}: unknown entry <${qname(node)}> in <rde:deletes>`);
        } catch (error) {
          if (!(error instanceof RdeFormatError)) throw error;
          problems.add(error.message);
        }
      },
    });
  } catch (error) {
    if (error instanceof XmlSyntaxError) problems.add(`not well-formed XML: ${error.message}`);
    else problems.add(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return result(false);
  }

  checkEnvelope(envelope, deletes, problems);
  const incr = envelope.type === 'INCR';
  const menu = new Set(envelope.objURIs);
  for (const [uri, n] of otherUris) {
    if (menu.has(uri)) warnings.add(`${n} object(s) of ${uri} not checked`);
    else problems.add(`${n} object(s) of ${uri}, which <rde:rdeMenu> does not list`);
  }
  if (!menu.has(RDE_NS.rdeHeader)) problems.add(`<rde:rdeMenu> does not list ${RDE_NS.rdeHeader}`);
  if (headers.length !== 1) problems.add(headers.length === 0 ? 'no <rdeHeader:header> in <rde:contents>' : `${headers.length} <rdeHeader:header> elements; exactly one expected`);
  const header = headers[0];
  if (header && !header.tld) problems.add('<rdeHeader:header> has no <rdeHeader:tld>');
  for (const kind of OBJECT_KINDS) {
    const uri = OBJECT_URI[kind];
    if (counts[kind] > 0 && !menu.has(uri)) problems.add(`${counts[kind]} ${kind} object(s), but <rde:rdeMenu> does not list ${uri}`);
    if (!header) continue;
    const declared = header.counts.get(uri);
    if (declared === undefined) {
      if (counts[kind] > 0) problems.add(`header has no count for ${uri}, but the deposit holds ${counts[kind]} ${kind} object(s)`);
    } else if (Number.isNaN(declared)) problems.add(`header count for ${uri} is not a number`);
    else if (declared !== counts[kind]) problems.add(`header count mismatch for ${uri}: header says ${declared}, the deposit holds ${counts[kind]} ${kind} object(s)`);
  }
  const ours = new Set<string>(Object.values(OBJECT_URI));
  for (const [uri, declared] of header?.counts ?? []) {
    if (ours.has(uri)) continue;
    const present = otherUris.get(uri) ?? 0;
    if (declared !== present) problems.add(`header count mismatch for ${uri}: header says ${declared}, the deposit holds ${present} object(s)`);
  }
  for (const p of pending) {
    if (seen[p.kind].has(p.key)) continue;
    const message = `${p.from}: ${p.what} ${p.key} is not in the deposit`;
    if (incr) warnings.add(message);
    else problems.add(message);
  }
  return result(problems.size === 0);

  function result(ok: boolean): DepositVerification {
    return {
      ok,
      counts: { ...counts },
      deletes: { ...deletes },
      problems: problems.done(),
      warnings: warnings.done(),
      type: envelope?.type ?? null,
      id: envelope?.id ?? null,
      prevId: envelope?.prevId ?? null,
      watermark: envelope?.watermark ?? null,
    };
  }
}

function checkEnvelope(e: DepositEnvelope, deletes: DeleteCounts, problems: Messages): void {
  if (e.root !== `{${RDE_NS.rde}}deposit`) {
    problems.add(`root element is ${e.root ?? 'missing'}, not <rde:deposit> (${RDE_NS.rde})`);
    return;
  }
  if (e.type !== 'FULL' && e.type !== 'INCR') problems.add(`deposit type ${JSON.stringify(e.type)} is not supported (FULL or INCR)`);
  if (!e.id || !/^\w{1,13}$/.test(e.id)) problems.add(`deposit id ${JSON.stringify(e.id)} is not 1–13 word characters`);
  if (e.type === 'INCR' && !e.prevId) problems.add('an INCR deposit must name the previous deposit (prevId)');
  if (!e.watermark) problems.add('no <rde:watermark>');
  else if (!DATE_TIME.test(e.watermark) || Number.isNaN(Date.parse(e.watermark))) problems.add(`watermark is not a dateTime: ${e.watermark}`);
  if (e.version !== RDE_VERSION) problems.add(`<rde:rdeMenu> version is ${JSON.stringify(e.version)}, expected ${RDE_VERSION}`);
  const deleted = DELETE_KINDS.reduce((n, k) => n + deletes[k], 0);
  if (e.type === 'FULL' && deleted > 0) problems.add(`a FULL deposit must not have <rde:deletes> (${deleted} found)`);
}
