import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ParameterRangeError } from '../../../common/registry-errors';
import { newApiSecret, sha256 } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';
import { formatApiKey } from './create-registrar.handler';
import { verifyNotDirectChannel, verifyRegistrarExists } from './registrar-admin.checks';

/** registrar.api-key-create (administrators) — a new REST API key, returned once. Errors: 2303, 2004 (label), 2306. */
@Injectable()
export class CreateApiKeyHandler implements CommandHandler<{ registrarId: string; label: string }, { keyId: string; apiKey: string }> {
  readonly command = 'registrar.api-key-create';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { registrarId: string; label: string }): Promise<{ keyId: string; apiKey: string }> {
    const registrar = verifyRegistrarExists(await this.registrars.findById(ctx.manager, input.registrarId), input.registrarId);
    verifyNotDirectChannel(registrar);
    const label = input.label.trim();
    if (label.length > 64) throw new ParameterRangeError('Key label: at most 64 characters', { reason: 'label', value: label.slice(0, 64) });
    const keyId = randomUUID();
    const secret = newApiSecret();
    await this.registrars.insertApiKey(ctx.manager, { id: keyId, registrarId: registrar.id, secretHash: sha256(secret), label }, ctx.now);
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, after: { keyId, label } });
    return { keyId, apiKey: formatApiKey(keyId, secret) };
  }
}
