import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';
import { verifyRegistrarExists } from './registrar-admin.checks';

/** registrar.api-key-revoke (administrators) — the key stops working at once. Errors: 2303 (registrar, or no live key of it). */
@Injectable()
export class RevokeApiKeyHandler implements CommandHandler<{ registrarId: string; keyId: string }, { revoked: true }> {
  readonly command = 'registrar.api-key-revoke';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { registrarId: string; keyId: string }): Promise<{ revoked: true }> {
    const registrar = verifyRegistrarExists(await this.registrars.findById(ctx.manager, input.registrarId), input.registrarId);
    const ok = /^[0-9a-f-]{36}$/.test(input.keyId) && (await this.registrars.revokeApiKey(ctx.manager, registrar.id, input.keyId, ctx.now));
    if (!ok) throw new ObjectNotFoundError(`No live API key ${input.keyId} for ${registrar.id}`, { reason: 'not-found', value: input.keyId });
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, after: { keyId: input.keyId } });
    return { revoked: true };
  }
}
