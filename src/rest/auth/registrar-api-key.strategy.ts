import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { DataSource } from 'typeorm';
import { sameHash, sha256 } from '../../common/secrets';
import { parseApiKey } from '../../registry/registrars/commands/create-registrar.handler';
import { addressAllowed } from '../../registry/registrars/ip-allow-list';
import { RegistrarRepository } from '../../registry/registrars/registrar.repository';

export interface AuthenticatedRegistrar {
  registrarId: string;
}

/**
 * `Authorization: Bearer azr_<key id>_<secret>`. The key id finds the row; the secret's SHA-256 is
 * compared in constant time. Suspended registrars are refused, and so are calls from outside the
 * registrar's IP allow-list (when it has one), as at EPP login.
 */
@Injectable()
export class RegistrarApiKeyStrategy extends PassportStrategy(Strategy, 'registrar-api-key') {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrars: RegistrarRepository,
  ) {
    super({ passReqToCallback: true });
  }

  async validate(req: Request, token: string): Promise<AuthenticatedRegistrar | false> {
    const parsed = parseApiKey(token);
    if (!parsed) return false;
    const key = await this.registrars.findApiKey(this.dataSource.manager, parsed.keyId);
    if (!key || key.status !== 'active' || !addressAllowed(key.ipAllowList, req.ip ?? '')) return false;
    return sameHash(key.secretHash, sha256(parsed.secret)) ? { registrarId: key.registrarId } : false;
  }
}
