import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import { countSql, deleteCountSql, DELETE_SQL, selectSql, toRdeContact, toRdeDelete, toRdeDomain, toRdeHost, toRdeRegistrar } from './deposit-queries';
import { DELETE_KINDS, depositFileName, zeroCounts, zeroDeleteCounts, type DeleteCounts, type DepositType, type ObjectCounts, type ObjectKind } from './rde';
import { renderContact, renderDelete, renderDepositStart, renderDomain, renderHeader, renderHost, renderRegistrar } from './rde-render';
import { XmlFileWriter } from './xml-text';

/**
 * Writes one RFC 8909 deposit with RFC 9022 objects from PostgreSQL.
 *
 * Everything is read in a single REPEATABLE READ, READ ONLY transaction, so the header counts, the
 * objects and the references between them describe one instant. Rows are streamed with
 * pg-query-stream (a server-side cursor, `BATCH_SIZE` rows at a time) and written through a
 * buffered writer that respects back-pressure: memory use does not depend on the registry's size.
 * The file is written under a temporary name, fsynced and renamed into place, so a reader never
 * sees half a deposit.
 */

export interface WriteDepositOptions {
  id: string;
  type: DepositType;
  /** The deposit this one follows (INCR: written as `prevId`). */
  previousId: string | null;
  watermark: Date;
  /** INCR: objects changed, and objects deleted, after this instant. Null for FULL. */
  since: Date | null;
  dir: string;
}

export interface WrittenDeposit {
  file: string;
  counts: ObjectCounts;
  deletes: DeleteCounts;
}

const BATCH_SIZE = 1_000;

type Row = Record<string, unknown>;

const RENDER: Readonly<Record<ObjectKind, (row: Row) => string>> = {
  registrar: (r) => renderRegistrar(toRdeRegistrar(r)),
  contact: (r) => renderContact(toRdeContact(r)),
  host: (r) => renderHost(toRdeHost(r)),
  domain: (r) => renderDomain(toRdeDomain(r)),
};

/** Contents order: everything an object refers to comes before it (readers can resolve as they go). */
const WRITE_ORDER: readonly ObjectKind[] = ['registrar', 'contact', 'host', 'domain'];

async function streamRows(client: PoolClient, sql: string, params: unknown[], each: (row: Row) => Promise<void>): Promise<number> {
  const stream = client.query(new QueryStream(sql, params, { batchSize: BATCH_SIZE }));
  let n = 0;
  try {
    for await (const row of stream) {
      await each(row as Row);
      n += 1;
    }
  } finally {
    stream.destroy();
  }
  return n;
}

async function scalar(client: PoolClient, sql: string, params: unknown[]): Promise<number> {
  const result = await client.query<{ n: number }>(sql, params);
  return Number(result.rows[0].n);
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeDeposit(dataSource: DataSource, o: WriteDepositOptions): Promise<WrittenDeposit> {
  if ((o.type === 'INCR') !== (o.since !== null)) throw new Error('an INCR deposit needs `since`, a FULL deposit must not have one');
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  const file = join(o.dir, depositFileName(o.watermark, o.type));
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const out = new XmlFileWriter(tmp);
  let inTransaction = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    inTransaction = true;
    const since = o.since ? o.since.toISOString() : null;
    const watermark = o.watermark.toISOString();
    const paramsFor = (kind: ObjectKind) => (kind === 'domain' ? [since, watermark] : [since]);

    const counts = zeroCounts();
    for (const kind of WRITE_ORDER) counts[kind] = await scalar(client, countSql(kind), [since]);
    const deletes = zeroDeleteCounts();
    if (since) for (const kind of DELETE_KINDS) deletes[kind] = await scalar(client, deleteCountSql(kind), [since]);

    await out.write(renderDepositStart({ id: o.id, type: o.type, previousId: o.previousId, watermark }));
    if (DELETE_KINDS.some((k) => deletes[k] > 0)) {
      await out.write('  <rde:deletes>\n');
      for (const kind of DELETE_KINDS) {
        const n = await streamRows(client, DELETE_SQL[kind], [since], (row) => out.write(`    ${renderDelete(toRdeDelete(kind, row))}\n`));
        if (n !== deletes[kind]) throw new Error(`escrow: ${kind} deletes changed while writing (${deletes[kind]} counted, ${n} written)`);
      }
      await out.write('  </rde:deletes>\n');
    }
    await out.write(`  <rde:contents>\n    ${renderHeader(counts)}\n`);
    for (const kind of WRITE_ORDER) {
      const n = await streamRows(client, selectSql(kind), paramsFor(kind), (row) => out.write(`    ${RENDER[kind](row)}\n`));
      if (n !== counts[kind]) throw new Error(`escrow: ${kind} count changed while writing (${counts[kind]} counted, ${n} written)`);
    }
    await out.write('  </rde:contents>\n</rde:deposit>\n');
    await client.query('COMMIT');
    inTransaction = false;
    await out.close();
    await fsyncPath(tmp, 'r');
    await rename(tmp, file);
    await fsyncPath(o.dir, 'r').catch(() => undefined); // directory fsync: not supported everywhere
    return { file, counts, deletes };
  } catch (error) {
    if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  } finally {
    await runner.release();
  }
}
