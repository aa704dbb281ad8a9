import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hashPassword } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';
import { verifyNotDirectChannel, verifyRegistrarExists } from './registrar-admin.checks';

/**
 * registrar.password-reset (administrators) — a new random EPP password (16 characters, the EPP
 * maximum, 96 bits), returned once and stored as argon2id. The registrar changes it at its next
 * login with `<newPW>`. Errors: 2303, 2306 (direct channel).
 */
@Injectable()
export class ResetRegistrarPasswordHandler implements CommandHandler<{ registrarId: string }, { password: string }> {
  readonly command = 'registrar.password-reset';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { registrarId: string }): Promise<{ password: string }> {
    const registrar = verifyRegistrarExists(await this.registrars.findById(ctx.manager, input.registrarId), input.registrarId);
    verifyNotDirectChannel(registrar);
    const password = randomBytes(12).toString('base64url');
    await this.registrars.setPasswordHash(ctx.manager, registrar.id, await hashPassword(password), ctx.now);
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, after: { passwordChanged: true } });
    return { password };
  }
}
