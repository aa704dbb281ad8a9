import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthorizationError } from '../../../common/registry-errors';
import { verifyAuthInfoHash } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { ContactRepository } from '../../contacts/contact.repository';
import { parseDomainName } from '../../names/domain-name';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { verifyExists } from '../domain.checks';
import { DomainRepository } from '../domain.repository';
import type { DomainRecord, DomainStatus, DomainView } from '../domain.types';

export interface InfoDomainInput {
  name: string;
  registrarId: string;
  /** Lets a non-sponsor (a prospective gaining registrar) see the full object. */
  authInfo?: string;
}

/**
 * domain.info — the full object to its sponsor, or to another registrar with the right auth info.
 * Others get AuthorizationError (2201); the public reads WHOIS/RDAP instead. Auth info is stored
 * hashed, so it is never returned: the sponsor resets it (domain.update) to learn a new one.
 * Errors: ParameterSyntaxError 2005, ObjectNotFoundError 2303, AuthorizationError 2201.
 */
@Injectable()
export class InfoDomainHandler implements CommandHandler<InfoDomainInput, DomainView> {
  readonly command = 'domain.info';
  readonly readOnly = true;

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly contacts: ContactRepository,
  ) {}

  async handle(ctx: CommandContext, input: InfoDomainInput): Promise<DomainView> {
    const zones = await this.zones.all();
    const name = parseDomainName(input.name, zones);
    const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, name.name), name.unicodeName);
    if (domain.registrarId !== input.registrarId) {
      const ok = input.authInfo !== undefined && (await verifyAuthInfoHash(domain.authInfoHash, input.authInfo));
      if (!ok) throw new AuthorizationError(`Domain ${domain.name} is sponsored by another registrar`, { reason: 'not-sponsor', value: domain.name });
    }
    return buildDomainView(ctx.manager, this.domains, this.contacts, domain, ctx.now, zones.get(domain.zone)!.periods.redemptionDays);
  }
}

/** Assembles the read model of one domain (also used by REST responses after transforms). */
/** EPP statuses of a domain as shown: the stored ones, `inactive` without name servers, `ok` when nothing else applies. */
export function domainStatuses(domain: DomainRecord, delegated: boolean): DomainStatus[] {
  const statuses: DomainStatus[] = [...domain.statuses];
  if (!delegated) statuses.push('inactive');
  if (statuses.length === 0) statuses.push('ok');
  return statuses;
}

export async function buildDomainView(
  manager: EntityManager,
  domains: DomainRepository,
  contacts: ContactRepository,
  domain: DomainRecord,
  now: Date,
  redemptionDays: number,
): Promise<DomainView> {
  const [links, nameservers, subordinate, ds, rgp, registrant] = await Promise.all([
    domains.contacts(manager, domain.id),
    domains.nameservers(manager, domain.id),
    domains.subordinateHosts(manager, domain.id),
    domains.dsRecords(manager, domain.id),
    domains.rgpStatuses(manager, domain, now, redemptionDays),
    domain.registrantId ? contacts.findById(manager, domain.registrantId) : Promise.resolve(null),
  ]);
  const statuses = domainStatuses(domain, nameservers.length > 0);
  return {
    roid: domain.roid,
    name: domain.name,
    unicodeName: domain.unicodeName,
    zone: domain.zone,
    statuses,
    rgpStatuses: rgp,
    registrant: registrant?.handle ?? null,
    contacts: links.map((l) => ({ type: l.type, handle: l.handle })),
    nameservers: nameservers.map((n) => n.name),
    subordinateHosts: subordinate.map((h) => h.name),
    dsRecords: ds,
    clID: domain.registrarId,
    crID: domain.createdBy,
    crDate: domain.createdAt,
    upID: domain.updatedBy,
    upDate: domain.updatedAt,
    exDate: domain.expiresAt,
    trDate: domain.transferredAt,
    autoRenew: domain.autoRenew,
    disputeLocked: domain.disputeLocked,
    purgeAt: domain.purgeAt,
  };
}
