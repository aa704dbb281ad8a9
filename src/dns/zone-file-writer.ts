import { createHash } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ZoneChunk } from './zone-file';

/** Text is written in blocks of about this many characters (zone files are ASCII). */
const WRITE_BLOCK = 256 * 1024;

export interface WrittenZoneFile {
  /** The temporary file holding the new zone; it is renamed or deleted by the caller. */
  tmpPath: string;
  /** sha256 (hex) of the zone file as it would read with SOA serial 0. */
  sha256: string;
  records: number;
  bytes: number;
}

/**
 * Streams a zone into `tmpPath` and fsyncs it. The content hash is computed on the way with the
 * header written with serial 0 (`hashedHeader`), so two files that differ only in their serial
 * have the same hash. On failure the temporary file is removed.
 */
export async function writeZoneFile(tmpPath: string, header: ZoneChunk, hashedHeader: ZoneChunk, body: AsyncIterable<ZoneChunk>): Promise<WrittenZoneFile> {
  const hash = createHash('sha256');
  const fh = await open(tmpPath, 'w', 0o644);
  let records = header.records;
  let bytes = 0;
  let parts: string[] = [header.text];
  let pending = header.text.length;
  hash.update(hashedHeader.text);
  const flush = async () => {
    const text = parts.join('');
    parts = [];
    pending = 0;
    await fh.write(text);
    bytes += Buffer.byteLength(text);
  };
  try {
    for await (const chunk of body) {
      hash.update(chunk.text);
      records += chunk.records;
      parts.push(chunk.text);
      pending += chunk.text.length;
      if (pending >= WRITE_BLOCK) await flush();
    }
    await flush();
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmpPath).catch(() => undefined);
    throw e;
  }
  await fh.close();
  return { tmpPath, sha256: hash.digest('hex'), records, bytes };
}

/**
 * Replaces `finalPath` with `tmpPath` atomically (rename(2) within one directory), then fsyncs the
 * directory so the rename itself survives a crash. A reader sees the old file or the new one,
 * never a partial one.
 */
export async function replaceAtomically(tmpPath: string, finalPath: string): Promise<void> {
  await rename(tmpPath, finalPath);
  const dir = await open(dirname(finalPath), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** The first few kilobytes of a file (where a zone's SOA is), or null if it does not exist. */
export async function readHead(path: string, max = 4_096): Promise<string | null> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(max);
      const { bytesRead } = await fh.read(buf, 0, max, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
