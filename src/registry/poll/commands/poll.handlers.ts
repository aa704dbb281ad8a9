import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import type { PollMessage } from '../poll.repository';
import { rowsOf } from '../../../infrastructure/database/rows';

export interface PollQueueHead {
  /** The oldest unacknowledged message, or null when the queue is empty (EPP 1300). */
  message: PollMessage | null;
  count: number;
}

function toMessage(r: Record<string, unknown>): PollMessage {
  return { id: String(r.id), registrarId: r.registrar_id as string, message: r.message as string, payload: r.payload as Record<string, unknown>, createdAt: r.created_at as Date };
}

/** poll.request — the oldest message still queued for the registrar and how many are queued. */
@Injectable()
export class PollRequestHandler implements CommandHandler<{ registrarId: string }, PollQueueHead> {
  readonly command = 'poll.request';
  readonly readOnly = true;

  async handle(ctx: CommandContext, input: { registrarId: string }): Promise<PollQueueHead> {
    const rows = await ctx.manager.query(
      `SELECT *, count(*) OVER () AS total FROM poll_messages WHERE registrar_id = $1 AND acked_at IS NULL ORDER BY id LIMIT 1`,
      [input.registrarId],
    );
    return rows.length ? { message: toMessage(rows[0]), count: Number(rows[0].total) } : { message: null, count: 0 };
  }
}

/**
 * poll.ack — removes one message from the registrar's queue. A message id that is not in the
 * caller's queue (someone else's, already acknowledged, or unknown) is ObjectNotFoundError 2303.
 */
@Injectable()
export class PollAckHandler implements CommandHandler<{ registrarId: string; messageId: string }, { count: number; next: PollMessage | null }> {
  readonly command = 'poll.ack';

  async handle(ctx: CommandContext, input: { registrarId: string; messageId: string }): Promise<{ count: number; next: PollMessage | null }> {
    if (!/^\d{1,18}$/.test(input.messageId)) throw new ObjectNotFoundError('No such message', { reason: 'message-not-found', value: input.messageId });
    const updated = rowsOf(await ctx.manager.query(
      `UPDATE poll_messages SET acked_at = $3 WHERE id = $1 AND registrar_id = $2 AND acked_at IS NULL RETURNING id`,
      [input.messageId, input.registrarId, ctx.now],
    ));
    if (updated.length === 0) throw new ObjectNotFoundError('No such message in your queue', { reason: 'message-not-found', value: input.messageId });
    const next = await ctx.manager.query(
      `SELECT *, count(*) OVER () AS total FROM poll_messages WHERE registrar_id = $1 AND acked_at IS NULL ORDER BY id LIMIT 1`,
      [input.registrarId],
    );
    return next.length ? { count: Number(next[0].total), next: toMessage(next[0]) } : { count: 0, next: null };
  }
}
