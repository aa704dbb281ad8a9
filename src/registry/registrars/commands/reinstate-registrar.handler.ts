import { Injectable } from '@nestjs/common';
import { StatusProhibitsOperationError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';
import { verifyRegistrarExists } from './registrar-admin.checks';

/** registrar.reinstate (administrators) — a suspended registrar may log in again. Errors: 2303, 2304 (not suspended). */
@Injectable()
export class ReinstateRegistrarHandler implements CommandHandler<{ registrarId: string }, { status: 'active' }> {
  readonly command = 'registrar.reinstate';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { registrarId: string }): Promise<{ status: 'active' }> {
    const registrar = verifyRegistrarExists(await this.registrars.findById(ctx.manager, input.registrarId), input.registrarId);
    if (registrar.status !== 'suspended') throw new StatusProhibitsOperationError(`Registrar ${registrar.id} is ${registrar.status}`, { reason: 'registrar-not-suspended', value: registrar.id });
    await this.registrars.setStatus(ctx.manager, registrar.id, 'active', ctx.now);
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, before: { status: registrar.status }, after: { status: 'active' } });
    return { status: 'active' };
  }
}
