import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthorizationError, DataManagementPolicyError, ObjectNotFoundError, ParameterPolicyError } from '../../common/registry-errors';
import { sha256 } from '../../common/secrets';
import { AppConfig } from '../../config/app-config';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { verifyCase, verifyParty, verifyState } from '../dispute.checks';
import { displayName, EvidenceStore, sniffEvidenceType } from '../dispute-documents';
import { DisputeRepository } from '../dispute.repository';
import type { DisputeRecord, DisputeState } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';

/** At most this many documents per party per case. */
export const MAX_DOCUMENTS_PER_PARTY = 20;
/** Parties add evidence until the case goes to the expert; staff at any time while it is open. */
const PARTY_UPLOAD_STATES: readonly DisputeState[] = ['filed', 'response', 'reply', 'mediation'];

export interface UploadInput {
  caseNumber: string;
  fileName?: string;
  bytes: Buffer;
}

/**
 * dispute.document — a party (or an officer) adds an evidence file. Only PDF, PNG and JPEG, told by
 * their first bytes; at most DISPUTE_MAX_UPLOAD_BYTES; stored under a generated name (the name the
 * browser sent is kept for display only, cleaned of any directory part).
 * Errors: 2303, 2304 (the case is past the evidence stage), 2306 (`file-type`, `file-size`,
 * `file-empty`), 2308 (`too-many-documents`).
 */
@Injectable()
export class UploadDocumentHandler implements CommandHandler<UploadInput, { id: string }> {
  readonly command = 'dispute.document';

  constructor(
    private readonly disputes: DisputeRepository,
    private readonly store: EvidenceStore,
    private readonly workflow: DisputeWorkflow,
    private readonly config: AppConfig,
  ) {}

  async handle(ctx: CommandContext, input: UploadInput): Promise<{ id: string }> {
    const d = verifyCase(await this.disputes.find(ctx.manager, input.caseNumber, { lock: true }), input.caseNumber);
    const party = ctx.actor.type === 'admin' ? 'staff' : verifyParty(ctx, d);
    verifyState(d, party === 'staff' ? ['filed', 'response', 'reply', 'mediation', 'awaiting-fee', 'appointment', 'decision', 'appeal-window', 'appeal-intent', 'appeal', 'court-stay'] : PARTY_UPLOAD_STATES, 'Adding evidence');
    if (input.bytes.length === 0) throw new ParameterPolicyError('The file is empty', { reason: 'file-empty' });
    if (input.bytes.length > this.config.DISPUTE_MAX_UPLOAD_BYTES) throw new ParameterPolicyError(`Files may be at most ${this.config.DISPUTE_MAX_UPLOAD_BYTES} bytes`, { reason: 'file-size', value: String(input.bytes.length) });
    const type = sniffEvidenceType(input.bytes);
    if (!type) throw new ParameterPolicyError('Only PDF, PNG and JPEG files are accepted', { reason: 'file-type' });
    const count = await ctx.manager.query(`SELECT count(*)::int AS n FROM dispute_documents WHERE dispute_id = $1 AND party = $2`, [d.id, party]);
    if (Number(count[0].n) >= MAX_DOCUMENTS_PER_PARTY) throw new DataManagementPolicyError(`At most ${MAX_DOCUMENTS_PER_PARTY} documents per party`, { reason: 'too-many-documents' });
    const name = displayName(input.fileName);
    const stored = await this.store.save(input.bytes, type);
    const id = randomUUID();
    await ctx.manager.query(
      `INSERT INTO dispute_documents (id, dispute_id, party, display_name, content_type, size_bytes, sha256, storage_name, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, d.id, party, name, type, input.bytes.length, stored.sha256, stored.storageName, `${ctx.actor.type}:${ctx.actor.id}`, ctx.now],
    );
    await this.workflow.step(ctx, d, d, { kind: 'document', data: { documentId: id, party, name, type, size: input.bytes.length } });
    return { id };
  }
}

/**
 * dispute.claim-access — the respondent's one-time link (mailed to the registrant contact of a
 * domain bought through a registrar) binds the case to the logged-in account, whose e-mail address
 * must be the one the link was sent to. The link works once; a case already answered for by
 * another account refuses it. Errors: 2202-like 2303 (`access-link`: unknown, used or expired),
 * 2201 (`email-mismatch`), 2304 (closed).
 */
@Injectable()
export class ClaimRespondentAccessHandler implements CommandHandler<{ token: string; accountId: string }, DisputeRecord> {
  readonly command = 'dispute.claim-access';

  constructor(private readonly disputes: DisputeRepository, private readonly workflow: DisputeWorkflow) {}

  async handle(ctx: CommandContext, input: { token: string; accountId: string }): Promise<DisputeRecord> {
    if (ctx.actor.type !== 'registrant' || ctx.actor.id !== input.accountId) throw new AuthorizationError('Sign in first', { reason: 'not-owner' });
    const rows = await ctx.manager.query(
      `SELECT t.dispute_id, t.email, a.email AS account_email FROM dispute_access_tokens t, registrant_accounts a
        WHERE t.token_hash = $1 AND a.id = $2 AND t.used_at IS NULL AND t.expires_at > $3 FOR UPDATE OF t`,
      [sha256(input.token), input.accountId, ctx.now],
    );
    if (!rows.length) throw new ObjectNotFoundError('The link is not valid, was already used or has expired', { reason: 'access-link' });
    if (String(rows[0].email).toLowerCase() !== String(rows[0].account_email).toLowerCase()) {
      throw new AuthorizationError('Sign in with the e-mail address the link was sent to', { reason: 'email-mismatch' });
    }
    const d = (await this.disputes.find(ctx.manager, rows[0].dispute_id, { lock: true }))!;
    verifyState(d, ['response', 'reply', 'mediation', 'awaiting-fee', 'appointment', 'decision', 'appeal-window', 'appeal-intent', 'appeal', 'court-stay'], 'Answering');
    if (d.complainantAccountId === input.accountId) throw new AuthorizationError('The complainant cannot answer for the registrant', { reason: 'respondent-bound' });
    if (d.respondentAccountId && d.respondentAccountId !== input.accountId) throw new AuthorizationError('Another account already answers for this case', { reason: 'respondent-bound' });
    await ctx.manager.query(`UPDATE dispute_access_tokens SET used_at = $2, used_by = $3 WHERE token_hash = $1`, [sha256(input.token), ctx.now, input.accountId]);
    return this.workflow.step(ctx, d, { ...d, respondentAccountId: input.accountId }, { kind: 'respondent-joined' });
  }
}
