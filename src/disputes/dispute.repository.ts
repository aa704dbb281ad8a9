import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pgArray, rowsOf } from '../infrastructure/database/rows';
import type { DisputeRecord, DisputeState, Ground, Party, Viewer } from './dispute.types';

type Row = Record<string, unknown>;
const date = (v: unknown): Date | null => (v as Date | null) ?? null;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toDisputeRecord(r: Row): DisputeRecord {
  return {
    id: r.id as string,
    caseNumber: r.case_number as string,
    domainId: String(r.domain_id),
    domainName: r.domain_name as string,
    unicodeName: r.unicode_name as string,
    complainantAccountId: r.complainant_account_id as string,
    complainantContactId: String(r.complainant_contact_id),
    respondentContactId: str(r.respondent_contact_id),
    respondentAccountId: str(r.respondent_account_id),
    sponsorRegistrarId: str(r.sponsor_registrar_id),
    state: r.state as DisputeState,
    dueAt: date(r.due_at),
    feeKind: (r.fee_kind as DisputeRecord['feeKind']) ?? null,
    feeAmount: r.fee_amount === null ? null : Number(r.fee_amount),
    feePayer: (r.fee_payer as Party | null) ?? null,
    feePaymentId: str(r.fee_payment_id),
    decisionKind: (r.decision_kind as DisputeRecord['decisionKind']) ?? null,
    rights: r.rights as string,
    grounds: pgArray(r.grounds) as Ground[],
    complaint: r.complaint as string,
    response: str(r.response),
    reply: str(r.reply),
    outcome: (r.outcome as DisputeRecord['outcome']) ?? null,
    reasons: str(r.reasons),
    decidedAt: date(r.decided_at),
    appealParty: (r.appeal_party as Party | null) ?? null,
    appealNotice: str(r.appeal_notice),
    appealResult: (r.appeal_result as DisputeRecord['appealResult']) ?? null,
    appealReasons: str(r.appeal_reasons),
    closedReason: (r.closed_reason as DisputeRecord['closedReason']) ?? null,
    closedAt: date(r.closed_at),
    published: r.published as boolean,
    lockPriorStatuses: r.lock_prior_statuses === null ? null : pgArray(r.lock_prior_statuses),
    lockedAt: date(r.locked_at),
    unlockedAt: date(r.unlocked_at),
    filedAt: r.filed_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

export interface NewDispute {
  id: string;
  domainId: string;
  domainName: string;
  unicodeName: string;
  complainantAccountId: string;
  complainantContactId: string;
  respondentContactId: string | null;
  sponsorRegistrarId: string;
  rights: string;
  grounds: Ground[];
  complaint: string;
}

/** A case in a list: what the queues and "my disputes" show. */
export interface DisputeSummary {
  id: string;
  caseNumber: string;
  unicodeName: string;
  state: DisputeState;
  dueAt: Date | null;
  feeKind: string | null;
  outcome: string | null;
  closedReason: string | null;
  filedAt: Date;
  party?: Party;
}

export interface DisputeEvent {
  id: string;
  kind: string;
  state: DisputeState;
  visibility: 'parties' | 'staff';
  actorType: string;
  actorId: string;
  dueAt: Date | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

const SUMMARY_COLUMNS = `id, case_number, unicode_name, state, due_at, fee_kind, outcome, closed_reason, filed_at`;
function toSummary(r: Row): DisputeSummary {
  return {
    id: r.id as string, caseNumber: r.case_number as string, unicodeName: r.unicode_name as string, state: r.state as DisputeState,
    dueAt: date(r.due_at), feeKind: str(r.fee_kind), outcome: str(r.outcome), closedReason: str(r.closed_reason), filedAt: r.filed_at as Date,
    party: (r.party as Party | undefined) ?? undefined,
  };
}

/** Every query about dispute cases. Each method takes the command's EntityManager. */
@Injectable()
export class DisputeRepository {
  async insert(manager: EntityManager, d: NewDispute, now: Date): Promise<DisputeRecord> {
    const rows = await manager.query(
      `INSERT INTO disputes (id, case_number, domain_id, domain_name, unicode_name, complainant_account_id, complainant_contact_id,
                             respondent_contact_id, sponsor_registrar_id, state, rights, grounds, complaint, filed_at, updated_at)
       VALUES ($1, 'DRS-' || to_char($12::timestamptz AT TIME ZONE 'Asia/Baku', 'YYYY') || '-' || lpad(nextval('dispute_case_seq')::text, 5, '0'),
               $2, $3, $4, $5, $6, $7, $8, 'filed', $9, $10, $11, $12, $12)
       RETURNING *`,
      [d.id, d.domainId, d.domainName, d.unicodeName, d.complainantAccountId, d.complainantContactId, d.respondentContactId, d.sponsorRegistrarId,
       d.rights, d.grounds, d.complaint, now],
    );
    return toDisputeRecord(rows[0]);
  }

  /** By case number or id; `lock` takes the row lock for the rest of the transaction. */
  async find(manager: EntityManager, caseNumberOrId: string, opts: { lock?: boolean } = {}): Promise<DisputeRecord | null> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(caseNumberOrId);
    const rows = await manager.query(
      `SELECT * FROM disputes WHERE ${byId ? 'id = $1::uuid' : 'case_number = upper($1)'}${opts.lock ? ' FOR UPDATE' : ''}`,
      [caseNumberOrId],
    );
    return rows.length ? toDisputeRecord(rows[0]) : null;
  }

  async findOpenForDomain(manager: EntityManager, domainId: string): Promise<DisputeRecord | null> {
    const rows = await manager.query(`SELECT * FROM disputes WHERE domain_id = $1 AND closed_at IS NULL`, [domainId]);
    return rows.length ? toDisputeRecord(rows[0]) : null;
  }

  /** Writes the mutable columns back. */
  async save(manager: EntityManager, d: DisputeRecord): Promise<void> {
    await manager.query(
      `UPDATE disputes SET respondent_account_id = $2, state = $3, due_at = $4, fee_kind = $5, fee_amount = $6, fee_payer = $7,
              fee_payment_id = $8, decision_kind = $9, response = $10, reply = $11, outcome = $12, reasons = $13, decided_at = $14,
              appeal_party = $15, appeal_notice = $16, appeal_result = $17, appeal_reasons = $18, closed_reason = $19, closed_at = $20,
              published = $21, lock_prior_statuses = $22, locked_at = $23, unlocked_at = $24, updated_at = $25, sponsor_registrar_id = $26
        WHERE id = $1`,
      [d.id, d.respondentAccountId, d.state, d.dueAt, d.feeKind, d.feeAmount, d.feePayer, d.feePaymentId, d.decisionKind, d.response, d.reply,
       d.outcome, d.reasons, d.decidedAt, d.appealParty, d.appealNotice, d.appealResult, d.appealReasons, d.closedReason, d.closedAt,
       d.published, d.lockPriorStatuses, d.lockedAt, d.unlockedAt, d.updatedAt, d.sponsorRegistrarId],
    );
  }

  /** Open cases whose deadline has passed (the daily scan's work list). */
  async overdueIds(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows = await manager.query(`SELECT id FROM disputes WHERE closed_at IS NULL AND due_at < $1 ORDER BY due_at LIMIT $2`, [now, limit]);
    return rows.map((r: Row) => r.id as string);
  }

  /** The cases an account is a party to, newest first. */
  async listForAccount(manager: EntityManager, accountId: string): Promise<DisputeSummary[]> {
    const rows = await manager.query(
      `SELECT ${SUMMARY_COLUMNS}, CASE WHEN complainant_account_id = $1 THEN 'complainant' ELSE 'respondent' END AS party
         FROM disputes WHERE complainant_account_id = $1 OR respondent_account_id = $1 ORDER BY filed_at DESC LIMIT 200`,
      [accountId],
    );
    return rows.map(toSummary);
  }

  /** The officers' queue: open cases by state, soonest deadline first (or closed ones when asked). */
  async queue(manager: EntityManager, opts: { state?: DisputeState; closed?: boolean; expertAdminId?: string }): Promise<DisputeSummary[]> {
    const where: string[] = [opts.closed ? 'closed_at IS NOT NULL' : 'closed_at IS NULL'];
    const params: unknown[] = [];
    if (opts.state) { params.push(opts.state); where.push(`state = $${params.length}`); }
    if (opts.expertAdminId) {
      params.push(opts.expertAdminId);
      where.push(`id IN (SELECT a.dispute_id FROM dispute_appointments a JOIN dispute_experts e ON e.id = a.expert_id WHERE e.admin_user_id = $${params.length} AND a.status <> 'declined')`);
    }
    const rows = await manager.query(`SELECT ${SUMMARY_COLUMNS} FROM disputes WHERE ${where.join(' AND ')} ORDER BY due_at NULLS LAST, filed_at LIMIT 500`, params);
    return rows.map(toSummary);
  }

  async insertEvent(manager: EntityManager, e: { disputeId: string; kind: string; state: DisputeState; visibility: 'parties' | 'staff'; actorType: string; actorId: string; dueAt: Date | null; data: Record<string, unknown> }, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO dispute_events (dispute_id, kind, state, visibility, actor_type, actor_id, due_at, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
      [e.disputeId, e.kind, e.state, e.visibility, e.actorType, e.actorId, e.dueAt, JSON.stringify(e.data), now],
    );
  }

  /** The timeline a viewer may see: parties see 'parties' events; staff see all. */
  async timeline(manager: EntityManager, disputeId: string, viewer: Viewer): Promise<DisputeEvent[]> {
    const rows = await manager.query(
      `SELECT * FROM dispute_events WHERE dispute_id = $1 ${viewer.kind === 'party' || viewer.kind === 'expert' ? `AND visibility = 'parties'` : ''} ORDER BY id`,
      [disputeId],
    );
    return rows.map((r: Row) => ({
      id: String(r.id), kind: r.kind as string, state: r.state as DisputeState, visibility: r.visibility as 'parties' | 'staff',
      actorType: r.actor_type as string, actorId: r.actor_id as string, dueAt: date(r.due_at), data: r.data as Record<string, unknown>, createdAt: r.created_at as Date,
    }));
  }

  /** Names and kinds of the parties (their contacts), for mails, pages and redaction. */
  async parties(manager: EntityManager, d: DisputeRecord): Promise<Record<Party, { kind: 'person' | 'org'; name: string; org: string | null; email: string | null; cc: string | null } | null>> {
    const rows = rowsOf<Row>(await manager.query(`SELECT id, kind, name, org, email, cc FROM contacts WHERE id = ANY($1::bigint[])`, [[d.complainantContactId, d.respondentContactId].filter(Boolean)]));
    const byId = new Map(rows.map((r) => [String(r.id), { kind: r.kind as 'person' | 'org', name: r.name as string, org: str(r.org), email: str(r.email), cc: str(r.cc) }]));
    return { complainant: byId.get(d.complainantContactId) ?? null, respondent: d.respondentContactId ? byId.get(d.respondentContactId) ?? null : null };
  }
}
