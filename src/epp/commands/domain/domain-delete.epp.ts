import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { DeleteDomainHandler } from '../../../registry/domains/commands/delete-domain.handler';
import { NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { required } from '../epp-parse';

/** <delete><domain:delete> → DeleteDomainHandler: 1000 when purged inside add grace, 1001 when entering redemption. */
@Injectable()
export class DomainDeleteEpp implements EppCommand<{ name: string }> {
  readonly name = 'domain:delete';
  readonly objectUri = NS.domain;

  constructor(private readonly runner: CommandRunner, private readonly handler: DeleteDomainHandler) {}

  parse(r: EppReader, cmd: EppNode) {
    return { name: required(r, 'epp:delete/domain:delete/domain:name', cmd, 'domain:name') };
  }

  async execute(input: { name: string }, ctx: EppCommandContext): Promise<EppOutcome> {
    const r = await this.runner.run(this.handler, ctx.actor, { name: input.name, registrarId: ctx.registrarId });
    return { code: r.purged ? 1000 : 1001 };
  }
}
