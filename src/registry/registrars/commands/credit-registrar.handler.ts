import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError, ParameterRangeError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';

/** registrar.credit (administrators) — a prepaid top-up, as a ledger entry. Errors: 2303, 2004. */
@Injectable()
export class CreditRegistrarHandler implements CommandHandler<{ registrarId: string; amount: number; note?: string }, { balance: number }> {
  readonly command = 'registrar.credit';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { registrarId: string; amount: number; note?: string }): Promise<{ balance: number }> {
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new ParameterRangeError('Amount must be positive', { reason: 'amount', value: String(input.amount) });
    const registrar = await this.registrars.findById(ctx.manager, input.registrarId);
    if (!registrar) throw new ObjectNotFoundError(`Registrar ${input.registrarId} does not exist`, { reason: 'not-found', value: input.registrarId });
    const balance = await this.registrars.credit(ctx.manager, { registrarId: registrar.id, amount: input.amount, kind: 'credit', note: input.note ?? 'top-up' }, ctx.now);
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, before: { balance: registrar.balance }, after: { balance } });
    return { balance };
  }
}
