import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataManagementPolicyError, ParameterPolicyError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../registry/command/command-context';
import { verifyBuyer } from '../../registry/checkout/checkout.checks';
import { PaymentRepository } from '../../payments/payment.repository';
import { verifyExists } from '../../registry/domains/domain.checks';
import { DomainRepository } from '../../registry/domains/domain.repository';
import { parseDomainName } from '../../registry/names/domain-name';
import { ZoneCatalog } from '../../registry/zones/zone-catalog.service';
import { ObjectExistsError } from '../../common/registry-errors';
import { verifyStatement } from '../dispute.checks';
import { DisputeRepository } from '../dispute.repository';
import { GROUNDS, RIGHTS_MAX_CHARS, type DisputeRecord, type Ground } from '../dispute.types';
import { DisputeWorkflow } from '../dispute-workflow';

export interface FileComplaintInput {
  accountId: string;
  domain: string;
  /** The rights the complainant has in a name identical or similar to the domain. */
  rights: string;
  grounds: string[];
  /** Why the registration is abusive: at most 5,000 words. */
  complaint: string;
}

/**
 * dispute.file — a registrant account files a complaint about a registered domain. The account
 * must have a verified e-mail and registrant details (the case names the complainant from them, and a
 * transfer makes that contact the registrant). The case starts in `filed` until an officer validates
 * it; nothing happens to the domain yet. One open case per domain (a unique index decides races).
 * Errors: 2005 (name), 2303 (no such domain or account), 2308 (`email-not-verified`,
 * `details-required`, `domain-not-disputable`), 2003 (empty field), 2306 (`grounds`, `word-limit`,
 * `too-long`, `own-domain`), 2302 (`dispute-open`: the domain already has an open case).
 */
@Injectable()
export class FileComplaintHandler implements CommandHandler<FileComplaintInput, DisputeRecord> {
  readonly command = 'dispute.file';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly payments: PaymentRepository,
    private readonly disputes: DisputeRepository,
    private readonly workflow: DisputeWorkflow,
  ) {}

  async handle(ctx: CommandContext, input: FileComplaintInput): Promise<DisputeRecord> {
    const buyer = await verifyBuyer(ctx, this.payments, input.accountId);
    const contactRows = await ctx.manager.query(`SELECT contact_id FROM registrant_accounts WHERE id = $1 AND contact_id IS NOT NULL`, [input.accountId]);
    if (!contactRows.length || !buyer.contact) throw new DataManagementPolicyError('Give your registrant details before filing a complaint', { reason: 'details-required' });
    const name = parseDomainName(input.domain, await this.zones.all());
    const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, name.name, { lock: true }), name.unicodeName);
    if (domain.deletedAt || domain.statuses.includes('pendingCreate') || domain.statuses.includes('pendingDelete')) {
      throw new DataManagementPolicyError(`${name.unicodeName} is not a registration that can be disputed`, { reason: 'domain-not-disputable', value: name.name });
    }
    if (domain.accountId === input.accountId) throw new ParameterPolicyError('You cannot dispute your own domain', { reason: 'own-domain', value: name.name });
    const grounds = [...new Set(input.grounds)];
    if (grounds.length === 0 || grounds.some((g) => !(GROUNDS as readonly string[]).includes(g))) {
      throw new ParameterPolicyError('Choose at least one ground from the list', { reason: 'grounds', value: grounds.join(',') });
    }
    const rights = verifyStatement(input.rights, 'rights', RIGHTS_MAX_CHARS);
    const complaint = verifyStatement(input.complaint, 'complaint');
    if (await this.disputes.findOpenForDomain(ctx.manager, domain.id)) {
      throw new ObjectExistsError(`${name.unicodeName} already has an open dispute`, { reason: 'dispute-open', value: name.name });
    }
    const filed = await this.disputes.insert(ctx.manager, {
      id: randomUUID(), domainId: domain.id, domainName: domain.name, unicodeName: domain.unicodeName,
      complainantAccountId: input.accountId, complainantContactId: String(contactRows[0].contact_id), respondentContactId: domain.registrantId,
      sponsorRegistrarId: domain.registrarId, rights, grounds: grounds as Ground[], complaint,
    }, ctx.now);
    return this.workflow.step(ctx, null, filed, { kind: 'filed', data: { grounds }, mail: { step: 'filed', to: 'complainant' } });
  }
}
