import type { DsRecord } from '../registry/domains/domain.types';
import type { HistoryEntry } from '../registry/history/history.repository';
import { isMessageKey, type MessageKey, type Translate } from './i18n';
import { LOCK_STATUSES } from './panel-domain-page';

/** Hex digest length per DS digest type (RFC 4034 SHA-1, RFC 4509 SHA-256, RFC 6605 SHA-384). */
export const DIGEST_LENGTHS: Readonly<Record<number, number>> = { 1: 40, 2: 64, 4: 96 };

/** A DS form's fields as typed, or the message key of the first field that is wrong. */
export type DsParse = { ok: true; ds: DsRecord } | { ok: false; key: MessageKey; params?: Record<string, number> };

function wholeNumber(text: string, min: number, max: number): number | null {
  const s = text.trim();
  if (!/^\d{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

/**
 * Reads a DS record from the form (key tag, algorithm, digest type, digest in hex; spaces in the
 * digest are allowed, as it is often copied in groups). The registry stores what it is given, so
 * the panel checks the shape here to give a clear message per field.
 */
export function parseDsForm(form: { keyTag: string; alg: string; digestType: string; digest: string }): DsParse {
  const keyTag = wholeNumber(form.keyTag, 0, 65535);
  if (keyTag === null) return { ok: false, key: 'dnssec.error.keyTag' };
  const alg = wholeNumber(form.alg, 1, 255);
  if (alg === null) return { ok: false, key: 'dnssec.error.alg' };
  const digestType = wholeNumber(form.digestType, 1, 255);
  const length = digestType === null ? undefined : DIGEST_LENGTHS[digestType];
  if (digestType === null || length === undefined) return { ok: false, key: 'dnssec.error.digestType' };
  const digest = form.digest.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-F]*$/.test(digest) || digest.length !== length) return { ok: false, key: 'dnssec.error.digest', params: { length } };
  return { ok: true, ds: { keyTag, alg, digestType, digest } };
}

/** The fields of a domain history snapshot the summary reads. */
interface Snapshot {
  statuses?: string[];
  nameservers?: string[];
  dsRecords?: DsRecord[];
  autoRenew?: boolean;
  authInfoChanged?: boolean;
  expiresAt?: string;
}

function snapshot(value: unknown): Snapshot {
  return value && typeof value === 'object' ? (value as Snapshot) : {};
}

function minus<T>(a: T[], b: T[], key: (x: T) => string): T[] {
  const seen = new Set(b.map(key));
  return a.filter((x) => !seen.has(key(x)));
}

/**
 * One history row as a short sentence for the registrant: what kind of change, then what changed
 * (name servers, DS records, lock, statuses, auto-renew, transfer code, expiry), never the raw JSON.
 */
export function historySummary(t: Translate, entry: HistoryEntry): string {
  const actionKey = `history.act.${entry.action}`;
  const head = isMessageKey(actionKey) ? t(actionKey) : t('history.act.other', { action: entry.action });
  const before = snapshot(entry.before);
  const after = snapshot(entry.after);
  const parts: string[] = [];
  const ns = (x: string): string => x;
  const nsAdded = minus(after.nameservers ?? [], before.nameservers ?? [], ns);
  const nsRemoved = minus(before.nameservers ?? [], after.nameservers ?? [], ns);
  if (entry.before && nsAdded.length) parts.push(t('history.nsAdded', { list: nsAdded.join(', ') }));
  if (nsRemoved.length) parts.push(t('history.nsRemoved', { list: nsRemoved.join(', ') }));
  const dsKey = (d: DsRecord): string => `${d.keyTag}/${d.alg}/${d.digestType}/${d.digest}`;
  const dsAdded = minus(after.dsRecords ?? [], before.dsRecords ?? [], dsKey);
  const dsRemoved = minus(before.dsRecords ?? [], after.dsRecords ?? [], dsKey);
  if (entry.before && dsAdded.length) parts.push(t('history.dsAdded', { n: dsAdded.length }));
  if (dsRemoved.length) parts.push(t('history.dsRemoved', { n: dsRemoved.length }));
  if (entry.before && after.statuses && before.statuses) {
    const added = minus(after.statuses, before.statuses, ns);
    const removed = minus(before.statuses, after.statuses, ns);
    if (LOCK_STATUSES.every((s) => added.includes(s))) parts.push(t('history.lockOn'));
    else if (added.length) parts.push(t('history.statusAdded', { list: added.join(', ') }));
    if (LOCK_STATUSES.every((s) => removed.includes(s))) parts.push(t('history.lockOff'));
    else if (removed.length) parts.push(t('history.statusRemoved', { list: removed.join(', ') }));
  }
  if (entry.before && typeof after.autoRenew === 'boolean' && after.autoRenew !== before.autoRenew) {
    parts.push(t(after.autoRenew ? 'history.autoRenewOn' : 'history.autoRenewOff'));
  }
  if (after.authInfoChanged) parts.push(t('history.authCode'));
  if (entry.before && after.expiresAt && before.expiresAt && after.expiresAt !== before.expiresAt) {
    parts.push(t('history.expires', { date: String(after.expiresAt).slice(0, 10) }));
  }
  return parts.length ? `${head}: ${parts.join('; ')}` : head;
}
