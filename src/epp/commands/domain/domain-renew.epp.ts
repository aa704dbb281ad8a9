import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { RenewDomainHandler } from '../../../registry/domains/commands/renew-domain.handler';
import { dateTime, esc, NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { periodYears, required } from '../epp-parse';

interface Input { name: string; currentExpiryDate: string; years: number }

/** <renew><domain:renew> → RenewDomainHandler (curExpDate must match the current expiry date). */
@Injectable()
export class DomainRenewEpp implements EppCommand<Input> {
  readonly name = 'domain:renew';
  readonly objectUri = NS.domain;

  constructor(private readonly runner: CommandRunner, private readonly handler: RenewDomainHandler) {}

  parse(r: EppReader, cmd: EppNode): Input {
    const base = 'epp:renew/domain:renew';
    return {
      name: required(r, `${base}/domain:name`, cmd, 'domain:name'),
      currentExpiryDate: required(r, `${base}/domain:curExpDate`, cmd, 'domain:curExpDate'),
      years: periodYears(r, `${base}/domain:period`, cmd) ?? 1,
    };
  }

  async execute(input: Input, ctx: EppCommandContext): Promise<EppOutcome> {
    const r = await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: 1000, resData: `<domain:renData xmlns:domain="${NS.domain}"><domain:name>${esc(r.name)}</domain:name><domain:exDate>${dateTime(r.expiresAt)}</domain:exDate></domain:renData>` };
  }
}
