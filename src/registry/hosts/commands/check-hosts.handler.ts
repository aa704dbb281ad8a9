import { Injectable } from '@nestjs/common';
import { ParameterRangeError, RegistryError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { parseHostName } from '../../names/domain-name';
import { HostRepository } from '../host.repository';

/** host.check — which host names are free. Read-only. */
@Injectable()
export class CheckHostsHandler implements CommandHandler<{ names: string[] }, Array<{ name: string; available: boolean; reason: string | null }>> {
  readonly command = 'host.check';
  readonly readOnly = true;

  constructor(private readonly hosts: HostRepository) {}

  async handle(ctx: CommandContext, input: { names: string[] }): Promise<Array<{ name: string; available: boolean; reason: string | null }>> {
    if (input.names.length === 0 || input.names.length > 100) {
      throw new ParameterRangeError('Check between 1 and 100 host names at once', { reason: 'too-many', value: String(input.names.length) });
    }
    const parsed = input.names.map((n) => {
      try {
        return parseHostName(n);
      } catch (e) {
        if (e instanceof RegistryError) return e;
        throw e;
      }
    });
    const live = new Set((await this.hosts.findLiveByNames(ctx.manager, parsed.filter((p): p is string => typeof p === 'string'))).map((h) => h.name));
    return parsed.map((p, i) =>
      typeof p === 'string'
        ? { name: p, available: !live.has(p), reason: live.has(p) ? 'In use' : null }
        : { name: input.names[i], available: false, reason: p.message },
    );
  }
}
