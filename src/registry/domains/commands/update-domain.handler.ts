import { Injectable } from '@nestjs/common';
import { ParameterPolicyError, ParameterRangeError } from '../../../common/registry-errors';
import { hashAuthInfo } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { ContactRepository } from '../../contacts/contact.repository';
import { HistoryRepository } from '../../history/history.repository';
import { HostRepository } from '../../hosts/host.repository';
import { parseDomainName } from '../../names/domain-name';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { verifyExists, verifyNoStatus, verifyNotDisputeLocked, verifyNotPendingDelete, verifySponsor } from '../domain.checks';
import { DomainRepository } from '../domain.repository';
import { CLIENT_STATUSES, type ContactType, type DsRecord, type StoredStatus } from '../domain.types';
import { MAX_NAMESERVERS, resolveContacts, resolveHosts } from './domain-links';
import { domainSnapshot } from './domain-snapshot';
import { OutboxRepository } from '../../../mail/outbox.repository';

interface LinkSet {
  nameservers?: string[];
  contacts?: Array<{ type: ContactType; handle: string }>;
  statuses?: string[];
  dsRecords?: DsRecord[];
}

export interface UpdateDomainInput {
  name: string;
  registrarId: string;
  add?: LinkSet;
  remove?: LinkSet & { allDsRecords?: boolean };
  change?: { registrant?: string; authInfo?: string; autoRenew?: boolean };
}

/**
 * domain.update — name servers, contacts, client statuses, DS records, registrant, auth info.
 * clientUpdateProhibited blocks everything except removing clientUpdateProhibited itself;
 * serverUpdateProhibited, pendingDelete and an open dispute block everything.
 * Errors: 2005, 2303 (domain, host or contact), 2201, 2304, 2306 (a status a registrar may not set,
 * a contact of another registrar), 2004 (too many name servers).
 */
@Injectable()
export class UpdateDomainHandler implements CommandHandler<UpdateDomainInput, { name: string }> {
  readonly command = 'domain.update';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly domains: DomainRepository,
    private readonly contacts: ContactRepository,
    private readonly hosts: HostRepository,
    private readonly history: HistoryRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async handle(ctx: CommandContext, input: UpdateDomainInput): Promise<{ name: string }> {
    const zones = await this.zones.all();
    const name = parseDomainName(input.name, zones);
    const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, name.name, { lock: true }), name.unicodeName);
    verifySponsor(domain, input.registrarId);
    verifyNotPendingDelete(domain, 'Update');
    verifyNotDisputeLocked(domain, 'Update');
    const add = input.add ?? {};
    const remove = input.remove ?? {};
    const unlockOnly = (remove.statuses ?? []).includes('clientUpdateProhibited');
    verifyNoStatus(domain, unlockOnly ? ['serverUpdateProhibited'] : ['clientUpdateProhibited', 'serverUpdateProhibited'], 'Update');
    for (const s of [...(add.statuses ?? []), ...(remove.statuses ?? [])]) {
      if (!(CLIENT_STATUSES as readonly string[]).includes(s)) {
        throw new ParameterPolicyError(`Status ${s} cannot be set by a registrar`, { reason: 'status-not-allowed', value: s });
      }
    }

    // One after another: a transaction is one connection, and pg refuses overlapping queries on one
    // client (deprecated now, an error in pg 9).
    const nsBefore = await this.domains.nameservers(ctx.manager, domain.id);
    const contactsBefore = await this.domains.contacts(ctx.manager, domain.id);
    const dsBefore = await this.domains.dsRecords(ctx.manager, domain.id);
    const before = { ...domainSnapshot(domain), nameservers: nsBefore.map((n) => n.name), contacts: contactsBefore.map(({ type, handle }) => ({ type, handle })), dsRecords: dsBefore };

    for (const h of await resolveHosts(this.hosts, ctx.manager, remove.nameservers ?? [])) await this.domains.removeNameserver(ctx.manager, domain.id, h.id);
    for (const h of await resolveHosts(this.hosts, ctx.manager, add.nameservers ?? [])) await this.domains.addNameserver(ctx.manager, domain.id, h.id);
    const nsAfter = await this.domains.nameservers(ctx.manager, domain.id);
    if (nsAfter.length > MAX_NAMESERVERS) throw new ParameterRangeError(`At most ${MAX_NAMESERVERS} name servers`, { reason: 'too-many-nameservers' });

    const handles = (add.contacts ?? []).map((c) => c.handle);
    if (input.change?.registrant) handles.push(input.change.registrant);
    const resolved = await resolveContacts(this.contacts, ctx.manager, handles, input.registrarId);
    const detached = await resolveContacts(this.contacts, ctx.manager, (remove.contacts ?? []).map((c) => c.handle), null);
    for (const c of remove.contacts ?? []) await this.domains.removeContact(ctx.manager, domain.id, c.type, detached.get(c.handle.toLowerCase())!.id);
    for (const c of add.contacts ?? []) await this.domains.addContact(ctx.manager, domain.id, c.type, resolved.get(c.handle.toLowerCase())!.id);

    if (remove.allDsRecords) await this.domains.removeAllDs(ctx.manager, domain.id);
    for (const ds of remove.dsRecords ?? []) await this.domains.removeDs(ctx.manager, domain.id, { ...ds, digest: ds.digest.toUpperCase() });
    for (const ds of add.dsRecords ?? []) await this.domains.addDs(ctx.manager, domain.id, { ...ds, digest: ds.digest.toUpperCase() });

    const removeStatuses = new Set(remove.statuses ?? []);
    const next = {
      ...domain,
      statuses: [...new Set([...domain.statuses.filter((s) => !removeStatuses.has(s)), ...((add.statuses ?? []) as StoredStatus[])])],
      registrantId: input.change?.registrant ? resolved.get(input.change.registrant.toLowerCase())!.id : domain.registrantId,
      authInfoHash: input.change?.authInfo ? await hashAuthInfo(input.change.authInfo) : domain.authInfoHash,
      autoRenew: input.change?.autoRenew ?? domain.autoRenew,
      updatedAt: ctx.now,
      updatedBy: ctx.actor.id,
    };
    await this.domains.save(ctx.manager, next);
    const contactsAfter = await this.domains.contacts(ctx.manager, domain.id);
    const dsAfter = await this.domains.dsRecords(ctx.manager, domain.id);
    await this.history.record(ctx, {
      objectType: 'domain',
      objectId: domain.id,
      objectName: domain.name,
      action: this.command,
      before,
      after: {
        ...domainSnapshot(next),
        nameservers: nsAfter.map((n) => n.name),
        contacts: contactsAfter.map(({ type, handle }) => ({ type, handle })),
        dsRecords: dsAfter,
        authInfoChanged: !!input.change?.authInfo,
      },
    });
    if (input.change?.authInfo) {
      await this.outbox.enqueueToRegistrant(ctx, domain.id, { template: 'auth-code-issued', payload: { domain: domain.unicodeName, issuedAt: ctx.now } });
    }
    return { name: domain.name };
  }
}
