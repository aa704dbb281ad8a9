import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ObjectExistsError, ParameterSyntaxError } from '../../../common/registry-errors';
import { hashPassword } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';

/** The console's roles: admin (runs the registry), officer (dispute officer), expert (decides assigned disputes). */
export const ADMIN_ROLES = ['admin', 'officer', 'expert'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * admin.create (CLI) — an administrator account for the console (issue 7), with one or more roles
 * (default admin). The second factor (TOTP) is enrolled at the first sign-in. Errors: 2005, 2302.
 */
@Injectable()
export class CreateAdminHandler implements CommandHandler<{ email: string; password: string; roles?: string[] }, { id: string; email: string }> {
  readonly command = 'admin.create';

  constructor(private readonly history: HistoryRepository) {}

  async handle(ctx: CommandContext, input: { email: string; password: string; roles?: string[] }): Promise<{ id: string; email: string }> {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw new ParameterSyntaxError('Not an email address', { reason: 'email', value: input.email });
    if (input.password.length < 12) throw new ParameterSyntaxError('Administrator passwords need at least 12 characters', { reason: 'password' });
    const roles = [...new Set(input.roles ?? ['admin'])];
    const unknown = roles.filter((r) => !(ADMIN_ROLES as readonly string[]).includes(r));
    if (roles.length === 0 || unknown.length > 0) throw new ParameterSyntaxError(`Roles: one or more of ${ADMIN_ROLES.join(', ')}`, { reason: 'roles', value: unknown.join(',') });
    const existing = await ctx.manager.query(`SELECT 1 FROM admin_users WHERE lower(email) = lower($1)`, [input.email]);
    if (existing.length) throw new ObjectExistsError(`Administrator ${input.email} exists`, { reason: 'exists', value: input.email });
    const id = randomUUID();
    await ctx.manager.query(
      `INSERT INTO admin_users (id, email, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, input.email, await hashPassword(input.password), roles, ctx.now],
    );
    await this.history.record(ctx, { objectType: 'admin', objectId: id, objectName: input.email, action: this.command, after: { email: input.email, roles } });
    return { id, email: input.email };
  }
}
