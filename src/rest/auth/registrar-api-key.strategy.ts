import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { DataSource } from 'typeorm';
import { sameHash, sha256 } from '../../common/secrets';
import { parseApiKey } from '../../registry/registrars/commands/create-registrar.handler';
import { RegistrarRepository } from '../../registry/registrars/registrar.repository';

export interface AuthenticatedRegistrar {
  registrarId: string;
}

/**
 * `Authorization: Bearer azr_<key id>_<secret>`. The key id finds the row; the secret's SHA-256 is
 * compared in constant time. Suspended registrars are refused.
 */
@Injectable()
export class RegistrarApiKeyStrategy extends PassportStrategy(Strategy, 'registrar-api-key') {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrars: RegistrarRepository,
  ) {
    super();
  }

  async validate(token: string): Promise<AuthenticatedRegistrar | false> {
    const parsed = parseApiKey(token);
    if (!parsed) return false;
    const key = await this.registrars.findApiKey(this.dataSource.manager, parsed.keyId);
    if (!key || key.status !== 'active') return false;
    return sameHash(key.secretHash, sha256(parsed.secret)) ? { registrarId: key.registrarId } : false;
  }
}
