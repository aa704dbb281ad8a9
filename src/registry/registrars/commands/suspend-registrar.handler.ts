import { Injectable } from '@nestjs/common';
import { StatusProhibitsOperationError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';
import { verifyNotDirectChannel, verifyRegistrarExists } from './registrar-admin.checks';

/**
 * registrar.suspend (administrators) — a suspended registrar can no longer log in over EPP or
 * authenticate to the REST API (both check the status); its domains stay as they are.
 * Errors: 2303, 2304 (already suspended or terminated), 2306 (direct channel).
 */
@Injectable()
export class SuspendRegistrarHandler implements CommandHandler<{ registrarId: string; reason?: string }, { status: 'suspended' }> {
  readonly command = 'registrar.suspend';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { registrarId: string; reason?: string }): Promise<{ status: 'suspended' }> {
    const registrar = verifyRegistrarExists(await this.registrars.findById(ctx.manager, input.registrarId), input.registrarId);
    verifyNotDirectChannel(registrar);
    if (registrar.status !== 'active') throw new StatusProhibitsOperationError(`Registrar ${registrar.id} is ${registrar.status}`, { reason: 'registrar-not-active', value: registrar.id });
    await this.registrars.setStatus(ctx.manager, registrar.id, 'suspended', ctx.now);
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, before: { status: registrar.status }, after: { status: 'suspended', reason: input.reason ?? '' } });
    return { status: 'suspended' };
  }
}
