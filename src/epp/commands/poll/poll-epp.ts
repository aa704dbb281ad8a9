import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { PollAckHandler, PollRequestHandler } from '../../../registry/poll/commands/poll.handlers';
import type { PollMessage } from '../../../registry/poll/poll.repository';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import { renderDomainTransfer, type TransferData } from '../domain/domain-render';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { required } from '../epp-parse';

/** The resData a poll message carries: transfer messages carry <domain:trnData>. */
function messageResData(m: PollMessage): string | undefined {
  if (m.payload.type === 'transfer') {
    const p = m.payload as unknown as TransferData & { gaining: string; losing: string };
    return renderDomainTransfer({ ...p, gainingRegistrar: p.gaining, losingRegistrar: p.losing, actedAt: null });
  }
  return undefined;
}

/** <poll op="req"> → 1301 with the oldest message, or 1300 when the queue is empty. */
@Injectable()
export class PollRequestEpp implements EppCommand<Record<string, never>> {
  readonly name = 'poll:req';
  constructor(private readonly runner: CommandRunner, private readonly handler: PollRequestHandler) {}
  parse(): Record<string, never> {
    return {};
  }
  async execute(_input: Record<string, never>, ctx: EppCommandContext): Promise<EppOutcome> {
    const head = await this.runner.run(this.handler, ctx.actor, { registrarId: ctx.registrarId });
    if (!head.message) return { code: 1300 };
    const m = head.message;
    return { code: 1301, msgQ: { count: head.count, id: m.id, qDate: m.createdAt, msg: m.message }, resData: messageResData(m) };
  }
}

/** <poll op="ack" msgID="…"> → 1000 with the remaining count (2303 for a message not in the caller's queue). */
@Injectable()
export class PollAckEpp implements EppCommand<{ messageId: string }> {
  readonly name = 'poll:ack';
  constructor(private readonly runner: CommandRunner, private readonly handler: PollAckHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { messageId: r.attr('epp:poll', 'msgID', cmd) ?? required(r, 'epp:poll/@msgID', cmd, 'msgID') };
  }
  async execute(input: { messageId: string }, ctx: EppCommandContext): Promise<EppOutcome> {
    const r = await this.runner.run(this.handler, ctx.actor, { registrarId: ctx.registrarId, messageId: input.messageId });
    // RFC 5730 §2.9.2.3: the msgQ of an ack names the acknowledged message and the count left.
    return { code: 1000, msgQ: { count: r.count, id: input.messageId } };
  }
}
