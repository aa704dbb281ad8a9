import { Injectable } from '@nestjs/common';
import { ObjectExistsError, ParameterPolicyError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { verifyExists, verifySponsor } from '../../domains/domain.checks';
import { DomainRepository } from '../../domains/domain.repository';
import { HistoryRepository } from '../../history/history.repository';
import { parseHostName } from '../../names/domain-name';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { normaliseAddresses } from '../host.checks';
import { HostRepository, type HostRecord } from '../host.repository';
import { superordinateOf } from './superordinate';

export interface CreateHostInput {
  name: string;
  registrarId: string;
  addresses?: string[];
}

/**
 * host.create. An in-registry host (ns1.example.az) needs its superordinate domain to exist and be
 * sponsored by the same registrar; its addresses become glue. An external host
 * (ns1.example.com) takes no addresses. Errors: ParameterSyntaxError (2005), ObjectExistsError
 * (2302), ObjectNotFoundError (2303: superordinate domain), AuthorizationError (2201),
 * ParameterPolicyError (2306: addresses on an external host).
 */
@Injectable()
export class CreateHostHandler implements CommandHandler<CreateHostInput, HostRecord> {
  readonly command = 'host.create';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly hosts: HostRepository,
    private readonly domains: DomainRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: CreateHostInput): Promise<HostRecord> {
    const name = parseHostName(input.name);
    const addresses = normaliseAddresses(input.addresses ?? []);
    const superName = superordinateOf(name, await this.zones.all());
    let superordinateDomainId: string | null = null;
    if (superName) {
      const domain = verifyExists(await this.domains.findLiveByName(ctx.manager, superName), superName);
      verifySponsor(domain, input.registrarId);
      superordinateDomainId = domain.id;
    } else if (addresses.length > 0) {
      throw new ParameterPolicyError('Addresses are only accepted for hosts inside a .az domain', { reason: 'external-host-addresses', value: name });
    }
    if (await this.hosts.findLiveByName(ctx.manager, name)) throw new ObjectExistsError(`Host ${name} already exists`, { reason: 'exists', value: name });
    const host = await this.hosts.insert(ctx.manager, { name, registrarId: input.registrarId, addresses, superordinateDomainId }, ctx.now, ctx.actor.id);
    await this.history.record(ctx, { objectType: 'host', objectId: host.id, objectName: host.name, action: this.command, after: host });
    return host;
  }
}
