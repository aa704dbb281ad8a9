import { Injectable } from '@nestjs/common';
import { ParameterPolicyError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { parseHostName } from '../../names/domain-name';
import { normaliseAddresses, verifyHostExists, verifyHostNoStatus, verifyHostSponsor } from '../host.checks';
import { HostRepository, type HostRecord } from '../host.repository';

export interface UpdateHostInput {
  name: string;
  registrarId: string;
  addAddresses?: string[];
  removeAddresses?: string[];
  addStatuses?: string[];
  removeStatuses?: string[];
}

const HOST_CLIENT_STATUSES = ['clientDeleteProhibited', 'clientUpdateProhibited'];

/**
 * host.update — add/remove addresses and client statuses. Renaming is not offered (a delete and
 * create does the same without surprising the domains that link the host).
 * Errors: 2303, 2201, 2304, 2306 (addresses on an external host, or a status a registrar may not set).
 */
@Injectable()
export class UpdateHostHandler implements CommandHandler<UpdateHostInput, HostRecord> {
  readonly command = 'host.update';

  constructor(
    private readonly hosts: HostRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: UpdateHostInput): Promise<HostRecord> {
    const name = parseHostName(input.name);
    const host = verifyHostExists(await this.hosts.findLiveByName(ctx.manager, name, { lock: true }), name);
    verifyHostSponsor(host, input.registrarId);
    const unlocking = (input.removeStatuses ?? []).includes('clientUpdateProhibited');
    verifyHostNoStatus(host, unlocking ? ['serverUpdateProhibited'] : ['clientUpdateProhibited', 'serverUpdateProhibited'], 'Update');
    for (const s of [...(input.addStatuses ?? []), ...(input.removeStatuses ?? [])]) {
      if (!HOST_CLIENT_STATUSES.includes(s)) throw new ParameterPolicyError(`Status ${s} cannot be set by a registrar`, { reason: 'status-not-allowed', value: s });
    }
    const add = normaliseAddresses(input.addAddresses ?? []);
    const remove = new Set(normaliseAddresses(input.removeAddresses ?? []));
    if (add.length > 0 && host.superordinateDomainId === null) {
      throw new ParameterPolicyError('Addresses are only accepted for hosts inside a .az domain', { reason: 'external-host-addresses', value: name });
    }
    const next: HostRecord = {
      ...host,
      addresses: [...new Set([...host.addresses.filter((a) => !remove.has(a)), ...add])],
      statuses: [...new Set([...host.statuses.filter((s) => !(input.removeStatuses ?? []).includes(s)), ...(input.addStatuses ?? [])])],
      updatedAt: ctx.now,
      updatedBy: ctx.actor.id,
    };
    await this.hosts.save(ctx.manager, next);
    await this.history.record(ctx, { objectType: 'host', objectId: host.id, objectName: host.name, action: this.command, before: host, after: next });
    return next;
  }
}
