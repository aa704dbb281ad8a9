import { Injectable } from '@nestjs/common';
import { AuthenticationError, ParameterSyntaxError } from '../../../common/registry-errors';
import { hashPassword, verifyPassword } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';
import { addressAllowed } from '../ip-allow-list';

export interface RegistrarLoginInput {
  clID: string;
  password: string;
  newPassword?: string;
  remoteAddress: string;
}

/**
 * registrar.login — checks an EPP login: the registrar exists and is active, the password matches,
 * the source address is on its allow-list (when it has one). With `newPassword` the password is
 * changed in the same transaction (recorded in history). Every failure is the same
 * AuthenticationError (2200) so that a caller cannot tell which part was wrong; counting failures
 * and locking out is the session layer's job.
 */
@Injectable()
export class RegistrarLoginHandler implements CommandHandler<RegistrarLoginInput, { registrarId: string }> {
  readonly command = 'registrar.login';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: RegistrarLoginInput): Promise<{ registrarId: string }> {
    const registrar = await this.registrars.findById(ctx.manager, input.clID);
    const passwordOk = registrar ? await verifyPassword(registrar.passwordHash, input.password) : false;
    if (!registrar || !passwordOk || registrar.status !== 'active' || !addressAllowed(registrar.ipAllowList, input.remoteAddress)) {
      throw new AuthenticationError('Authentication error', { reason: 'login-failed', value: input.clID });
    }
    if (input.newPassword !== undefined) {
      if (input.newPassword.length < 8) throw new ParameterSyntaxError('The new password needs at least 8 characters', { reason: 'new-password' });
      await ctx.manager.query(`UPDATE registrars SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1`, [
        registrar.id, await hashPassword(input.newPassword), ctx.now,
      ]);
      await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: 'registrar.password-change', after: { passwordChanged: true } });
    }
    return { registrarId: registrar.id };
  }
}
