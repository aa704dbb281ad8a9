import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** The evidence types a party may upload, recognised by their first bytes (never by name or declared type). */
export type EvidenceType = 'application/pdf' | 'image/png' | 'image/jpeg';
const EXTENSION: Record<EvidenceType, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' };

/** The type the bytes are, or null when they are none of PDF, PNG or JPEG. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceType | null {
  const starts = (sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

/**
 * The name shown for a document: the last segment of what the browser sent (no directories, so
 * `../../etc/passwd` is `passwd`), without control or quoting characters, at most 120 characters.
 * Display only: it never becomes part of a path.
 */
export function displayName(original: string | undefined): string {
  const last = (original ?? '').split(/[\\/]/).pop() ?? '';
  const clean = last.normalize('NFC').replace(/[\p{Cc}\p{Cf}"'<>`;]/gu, '').replace(/^\.+/, '').trim().slice(0, 120);
  return clean || 'document';
}

/**
 * Evidence files under `DATA_DIR/disputes/`, each named by 128 random bits and its type's
 * extension (`3f…9a.pdf`). Written to a temporary name and renamed, so a reader never sees half a
 * file. The database row (dispute_documents) is the only way to a file.
 */
@Injectable()
export class EvidenceStore {
  readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = join(config.DATA_DIR, 'disputes');
  }

  async save(bytes: Buffer, type: EvidenceType): Promise<{ storageName: string; sha256: string }> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const storageName = `${randomBytes(16).toString('hex')}.${EXTENSION[type]}`;
    const tmp = join(this.dir, `.${storageName}.tmp`);
    await writeFile(tmp, bytes, { mode: 0o600, flag: 'wx' });
    await rename(tmp, join(this.dir, storageName));
    return { storageName, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  read(storageName: string): Promise<Buffer> {
    if (!/^[0-9a-f]{32}\.(pdf|png|jpg)$/.test(storageName)) throw new Error('bad storage name');
    return readFile(join(this.dir, storageName));
  }
}
