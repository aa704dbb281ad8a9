import { Injectable } from '@nestjs/common';
import { AssociationProhibitsOperationError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { parseHostName } from '../../names/domain-name';
import { verifyHostExists, verifyHostNoStatus, verifyHostSponsor } from '../host.checks';
import { HostRepository } from '../host.repository';

/** host.delete. Errors: 2303, 2201, 2304, AssociationProhibitsOperationError (2305) while a domain uses it. */
@Injectable()
export class DeleteHostHandler implements CommandHandler<{ name: string; registrarId: string }, void> {
  readonly command = 'host.delete';

  constructor(
    private readonly hosts: HostRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { name: string; registrarId: string }): Promise<void> {
    const name = parseHostName(input.name);
    const host = verifyHostExists(await this.hosts.findLiveByName(ctx.manager, name, { lock: true }), name);
    verifyHostSponsor(host, input.registrarId);
    verifyHostNoStatus(host, ['clientDeleteProhibited', 'serverDeleteProhibited'], 'Delete');
    if (await this.hosts.isLinked(ctx.manager, host.id)) {
      throw new AssociationProhibitsOperationError(`Host ${name} is a name server of a domain`, { reason: 'linked', value: name });
    }
    await this.hosts.markDeleted(ctx.manager, host.id, ctx.now);
    await this.history.record(ctx, { objectType: 'host', objectId: host.id, objectName: host.name, action: this.command, before: host });
  }
}
