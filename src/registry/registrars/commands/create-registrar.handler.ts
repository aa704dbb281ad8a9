import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ObjectExistsError, ParameterSyntaxError } from '../../../common/registry-errors';
import { hashPassword, newApiSecret, sha256 } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';

export interface CreateRegistrarInput {
  id: string;
  name: string;
  password: string;
  email?: string | null;
  credit?: number;
  isDirectChannel?: boolean;
}

export const REGISTRAR_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,15}$/;

/**
 * registrar.create (administrators, CLI) — accredits a registrar with an EPP password, an initial
 * REST API key (returned once) and optional opening credit.
 * Errors: ParameterSyntaxError 2005 (id, password), ObjectExistsError 2302.
 */
@Injectable()
export class CreateRegistrarHandler implements CommandHandler<CreateRegistrarInput, { id: string; apiKey: string; balance: number }> {
  readonly command = 'registrar.create';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: CreateRegistrarInput): Promise<{ id: string; apiKey: string; balance: number }> {
    if (!REGISTRAR_ID_PATTERN.test(input.id)) {
      throw new ParameterSyntaxError('Registrar id: 3–16 lowercase letters, digits or hyphens, starting with a letter or digit', { reason: 'registrar-id', value: input.id });
    }
    if (input.password.length < 8 || input.password.length > 16) {
      // RFC 5730 pwType: 6–16 characters; azreg asks for at least 8.
      throw new ParameterSyntaxError('Password: 8–16 characters (EPP limit)', { reason: 'password' });
    }
    if (await this.registrars.findById(ctx.manager, input.id)) throw new ObjectExistsError(`Registrar ${input.id} exists`, { reason: 'exists', value: input.id });
    const registrar = await this.registrars.insert(ctx.manager, { id: input.id, name: input.name, passwordHash: await hashPassword(input.password), email: input.email, isDirectChannel: input.isDirectChannel }, ctx.now);
    const keyId = randomUUID();
    const secret = newApiSecret();
    await this.registrars.insertApiKey(ctx.manager, { id: keyId, registrarId: registrar.id, secretHash: sha256(secret), label: 'initial' }, ctx.now);
    let balance = 0;
    if (input.credit && input.credit > 0) {
      balance = await this.registrars.credit(ctx.manager, { registrarId: registrar.id, amount: input.credit, kind: 'credit', note: 'opening credit' }, ctx.now);
    }
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, after: { id: registrar.id, name: registrar.name, email: registrar.email, credit: input.credit ?? 0 } });
    return { id: registrar.id, apiKey: formatApiKey(keyId, secret), balance };
  }
}

/** API keys read `azr_<key id>_<secret>`; only the SHA-256 of the secret is stored. */
export function formatApiKey(keyId: string, secret: string): string {
  return `azr_${keyId}_${secret}`;
}

export function parseApiKey(token: string): { keyId: string; secret: string } | null {
  const m = /^azr_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { keyId: m[1], secret: m[2] } : null;
}
