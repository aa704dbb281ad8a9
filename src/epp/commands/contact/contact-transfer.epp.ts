import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { TransferContactHandler, type ContactTransferView } from '../../../registry/contacts/commands/transfer-contact.handler';
import type { TransferOp } from '../../../registry/domains/commands/transfer-domain.handler';
import { dateTime, esc, NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { required } from '../epp-parse';

export function renderContactTransfer(t: ContactTransferView): string {
  return (
    `<contact:trnData xmlns:contact="${NS.contact}"><contact:id>${esc(t.handle)}</contact:id><contact:trStatus>${t.status}</contact:trStatus>` +
    `<contact:reID>${esc(t.gainingRegistrar)}</contact:reID><contact:reDate>${dateTime(t.requestedAt)}</contact:reDate>` +
    `<contact:acID>${esc(t.losingRegistrar)}</contact:acID><contact:acDate>${dateTime(t.actedAt ?? t.actionDueAt)}</contact:acDate></contact:trnData>`
  );
}

/** <transfer op="…"><contact:transfer> → TransferContactHandler. */
@Injectable()
export class ContactTransferEpp implements EppCommand<{ op: TransferOp; handle: string; authInfo?: string }> {
  readonly name = 'contact:transfer';
  readonly objectUri = NS.contact;
  constructor(private readonly runner: CommandRunner, private readonly handler: TransferContactHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return {
      op: r.attr('epp:transfer', 'op', cmd) as TransferOp,
      handle: required(r, 'epp:transfer/contact:transfer/contact:id', cmd, 'contact:id'),
      authInfo: r.text('epp:transfer/contact:transfer/contact:authInfo/contact:pw', cmd) ?? undefined,
    };
  }
  async execute(input: { op: TransferOp; handle: string; authInfo?: string }, ctx: EppCommandContext): Promise<EppOutcome> {
    const t = await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: input.op === 'request' ? 1001 : 1000, resData: renderContactTransfer(t) };
  }
}
