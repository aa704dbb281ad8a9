import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { CheckDomainsHandler } from '../../../registry/domains/commands/check-domains.handler';
import { esc, NS, reasonText } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';

/** <check><domain:check> → CheckDomainsHandler. Reasons are given for every unavailable name. */
@Injectable()
export class DomainCheckEpp implements EppCommand<{ names: string[] }> {
  readonly name = 'domain:check';
  readonly objectUri = NS.domain;

  constructor(private readonly runner: CommandRunner, private readonly handler: CheckDomainsHandler) {}

  parse(r: EppReader, cmd: EppNode) {
    return { names: r.texts('epp:check/domain:check/domain:name', cmd) };
  }

  async execute(input: { names: string[] }, ctx: EppCommandContext): Promise<EppOutcome> {
    const results = await this.runner.run(this.handler, ctx.actor, { names: input.names });
    const cds = results
      .map((c) => `<domain:cd><domain:name avail="${c.available ? 1 : 0}">${esc(c.name ?? c.input)}</domain:name>${c.available ? '' : `<domain:reason>${esc(reasonText(c.reason))}</domain:reason>`}</domain:cd>`)
      .join('');
    return { code: 1000, resData: `<domain:chkData xmlns:domain="${NS.domain}">${cds}</domain:chkData>` };
  }
}
