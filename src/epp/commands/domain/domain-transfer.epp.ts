import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { TransferDomainHandler, type TransferOp } from '../../../registry/domains/commands/transfer-domain.handler';
import { NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { periodYears, required } from '../epp-parse';
import { renderDomainTransfer } from './domain-render';

interface Input { op: TransferOp; name: string; authInfo?: string; years?: number }

/** <transfer op="request|query|approve|reject|cancel"><domain:transfer> → TransferDomainHandler. */
@Injectable()
export class DomainTransferEpp implements EppCommand<Input> {
  readonly name = 'domain:transfer';
  readonly objectUri = NS.domain;

  constructor(private readonly runner: CommandRunner, private readonly handler: TransferDomainHandler) {}

  parse(r: EppReader, cmd: EppNode): Input {
    const base = 'epp:transfer/domain:transfer';
    return {
      op: r.attr('epp:transfer', 'op', cmd) as TransferOp,
      name: required(r, `${base}/domain:name`, cmd, 'domain:name'),
      authInfo: r.text(`${base}/domain:authInfo/domain:pw`, cmd) ?? undefined,
      years: periodYears(r, `${base}/domain:period`, cmd),
    };
  }

  async execute(input: Input, ctx: EppCommandContext): Promise<EppOutcome> {
    const t = await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: input.op === 'request' ? 1001 : 1000, resData: renderDomainTransfer(t) };
  }
}
