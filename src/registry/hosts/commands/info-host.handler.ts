import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { parseHostName } from '../../names/domain-name';
import { verifyHostExists } from '../host.checks';
import { HostRepository, type HostRecord } from '../host.repository';

/** host.info — hosts are public data (RFC 5732 has no auth info): any registrar may read one. */
@Injectable()
export class InfoHostHandler implements CommandHandler<{ name: string }, HostRecord & { linked: boolean }> {
  readonly command = 'host.info';
  readonly readOnly = true;

  constructor(private readonly hosts: HostRepository) {}

  async handle(ctx: CommandContext, input: { name: string }): Promise<HostRecord & { linked: boolean }> {
    const name = parseHostName(input.name);
    const host = verifyHostExists(await this.hosts.findLiveByName(ctx.manager, name), name);
    return { ...host, linked: await this.hosts.isLinked(ctx.manager, host.id) };
  }
}
