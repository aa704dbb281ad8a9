import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ObjectNotFoundError } from '../common/registry-errors';
import { partyOf } from './dispute.checks';
import { EvidenceStore } from './dispute-documents';
import { DisputeRepository, type DisputeEvent } from './dispute.repository';
import type { DisputeRecord, Party, Viewer } from './dispute.types';

export interface PartyView {
  kind: 'person' | 'org';
  /** The person's or organisation's name as the parties and staff see it. */
  name: string;
}

export interface DocumentView {
  id: string;
  party: string;
  displayName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
}

export interface CaseView {
  dispute: DisputeRecord;
  viewer: Viewer;
  parties: Record<Party, PartyView | null>;
  timeline: DisputeEvent[];
  documents: DocumentView[];
  /** Staff only (officers see everything; experts their appointments): expert name, role, status. */
  appointments: Array<{ expert: string; adminUserId: string; role: string; status: string; declaration: string | null }>;
  /** Officers only: the confidential mediation notes. Always empty for experts and parties. */
  notes: Array<{ author: string; body: string; createdAt: Date }>;
  extensions: Array<{ state: string; oldDueAt: Date; newDueAt: Date; workingDays: number; reason: string; grantedBy: string; createdAt: Date }>;
}

/** A published decision with the parties' personal data redacted (see `redactedParty`). */
export interface PublicDecision {
  caseNumber: string;
  unicodeName: string;
  complainant: string | null;
  respondent: string | null;
  outcome: string;
  reasons: string;
  decidedAt: Date;
  appealResult: string | null;
  appealReasons: string | null;
  closedReason: string | null;
}

/** A person is never named on the public page (null → "a private individual"); an organisation is. */
export function redactedParty(p: { kind: 'person' | 'org'; name: string; org: string | null } | null): string | null {
  if (!p || p.kind === 'person') return null;
  return p.org || p.name;
}

/** Removes a person's name and e-mail address from free text that is about to be published. */
export function redactText(text: string, people: Array<{ name: string; email: string | null }>): string {
  let out = text;
  for (const p of people) {
    for (const needle of [p.name, p.email].filter((s): s is string => !!s && s.trim().length >= 3)) {
      out = out.replace(new RegExp(needle.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), '[…]');
    }
  }
  return out;
}

/**
 * What the pages read about cases, with the visibility rules in one place: a party sees its own
 * cases (timeline events marked for the parties, both sides' documents); an expert sees only cases
 * it is appointed to (or proposed for, to check conflicts), never mediation notes or staff events;
 * an officer sees everything. Anything a viewer may not see is "not found".
 */
@Injectable()
export class DisputeQueries {
  constructor(
    private readonly disputes: DisputeRepository,
    private readonly store: EvidenceStore,
  ) {}

  async visibleCase(manager: EntityManager, viewer: Viewer, caseNumber: string): Promise<DisputeRecord> {
    const d = await this.disputes.find(manager, caseNumber);
    if (d && (await this.canSee(manager, viewer, d))) return d;
    throw new ObjectNotFoundError(`No dispute ${caseNumber}`, { reason: 'dispute-not-found', value: caseNumber });
  }

  async caseView(manager: EntityManager, viewer: Viewer, caseNumber: string): Promise<CaseView> {
    const d = await this.visibleCase(manager, viewer, caseNumber);
    const contacts = await this.disputes.parties(manager, d);
    const named = (p: (typeof contacts)['complainant']): PartyView | null => (p ? { kind: p.kind, name: p.kind === 'org' ? p.org || p.name : p.name } : null);
    const staff = viewer.kind !== 'party';
    const appointments = staff
      ? (await manager.query(
        `SELECT e.display_name, e.admin_user_id, a.role, a.status, a.declaration FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id WHERE a.dispute_id = $1 ORDER BY a.id`,
        [d.id],
      )).map((r: Record<string, unknown>) => ({ expert: r.display_name as string, adminUserId: r.admin_user_id as string, role: r.role as string, status: r.status as string, declaration: (r.declaration as string | null) ?? null }))
      : [];
    const notes = viewer.kind === 'officer'
      ? (await manager.query(`SELECT author_id, body, created_at FROM dispute_mediation_notes WHERE dispute_id = $1 ORDER BY id`, [d.id]))
        .map((r: Record<string, unknown>) => ({ author: r.author_id as string, body: r.body as string, createdAt: r.created_at as Date }))
      : [];
    const extensions = (await manager.query(`SELECT * FROM dispute_extensions WHERE dispute_id = $1 ORDER BY id`, [d.id])).map((r: Record<string, unknown>) => ({
      state: r.state as string, oldDueAt: r.old_due_at as Date, newDueAt: r.new_due_at as Date, workingDays: Number(r.working_days), reason: r.reason as string,
      grantedBy: viewer.kind === 'officer' ? (r.granted_by as string) : '', createdAt: r.created_at as Date,
    }));
    return {
      dispute: d, viewer, parties: { complainant: named(contacts.complainant), respondent: named(contacts.respondent) },
      timeline: await this.disputes.timeline(manager, d.id, viewer), documents: await this.documents(manager, d.id), appointments, notes, extensions,
    };
  }

  async documents(manager: EntityManager, disputeId: string): Promise<DocumentView[]> {
    const rows = await manager.query(`SELECT id, party, display_name, content_type, size_bytes, created_at FROM dispute_documents WHERE dispute_id = $1 ORDER BY created_at, id`, [disputeId]);
    return rows.map((r: Record<string, unknown>) => ({ id: r.id as string, party: r.party as string, displayName: r.display_name as string, contentType: r.content_type as string, sizeBytes: Number(r.size_bytes), createdAt: r.created_at as Date }));
  }

  /** A document's bytes for a viewer allowed to see its case. */
  async document(manager: EntityManager, viewer: Viewer, caseNumber: string, documentId: string): Promise<{ doc: DocumentView; bytes: Buffer }> {
    const d = await this.visibleCase(manager, viewer, caseNumber);
    const rows = /^[0-9a-f-]{36}$/i.test(documentId)
      ? await manager.query(`SELECT id, party, display_name, content_type, size_bytes, created_at, storage_name FROM dispute_documents WHERE id = $1 AND dispute_id = $2`, [documentId, d.id])
      : [];
    if (!rows.length) throw new ObjectNotFoundError('No such document', { reason: 'document-not-found', value: documentId });
    const r = rows[0];
    return {
      doc: { id: r.id, party: r.party, displayName: r.display_name, contentType: r.content_type, sizeBytes: Number(r.size_bytes), createdAt: r.created_at },
      bytes: await this.store.read(r.storage_name),
    };
  }

  /** Published decisions, newest first; `q` matches the domain (U-label or A-label) or the case number. */
  async publicDecisions(manager: EntityManager, q: string, limit = 50): Promise<PublicDecision[]> {
    const term = q.trim().toLowerCase().slice(0, 100);
    const rows = await manager.query(
      `SELECT * FROM disputes WHERE published ${term ? `AND (unicode_name ILIKE $2 OR domain_name ILIKE $2 OR case_number ILIKE $2)` : ''}
        ORDER BY decided_at DESC LIMIT $1`,
      term ? [limit, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] : [limit],
    );
    const out: PublicDecision[] = [];
    for (const r of rows) out.push(await this.toPublic(manager, r.case_number as string));
    return out;
  }

  async publicDecision(manager: EntityManager, caseNumber: string): Promise<PublicDecision> {
    const d = await this.disputes.find(manager, caseNumber);
    if (!d || !d.published) throw new ObjectNotFoundError(`No published decision ${caseNumber}`, { reason: 'dispute-not-found', value: caseNumber });
    return this.toPublic(manager, d.caseNumber);
  }

  private async toPublic(manager: EntityManager, caseNumber: string): Promise<PublicDecision> {
    const d = (await this.disputes.find(manager, caseNumber))!;
    const p = await this.disputes.parties(manager, d);
    const people = [p.complainant, p.respondent].filter((x): x is NonNullable<typeof x> => !!x && x.kind === 'person');
    return {
      caseNumber: d.caseNumber, unicodeName: d.unicodeName, complainant: redactedParty(p.complainant), respondent: redactedParty(p.respondent),
      outcome: d.outcome ?? 'no-action', reasons: redactText(d.reasons ?? '', people), decidedAt: d.decidedAt!,
      appealResult: d.appealResult, appealReasons: d.appealReasons ? redactText(d.appealReasons, people) : null, closedReason: d.closedReason,
    };
  }

  private async canSee(manager: EntityManager, viewer: Viewer, d: DisputeRecord): Promise<boolean> {
    if (viewer.kind === 'officer') return true;
    if (viewer.kind === 'party') return partyOf(d, viewer.accountId) !== null;
    const rows = await manager.query(
      `SELECT 1 FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id WHERE a.dispute_id = $1 AND e.admin_user_id = $2 AND a.status <> 'declined'`,
      [d.id, viewer.adminId],
    );
    return rows.length > 0;
  }
}
