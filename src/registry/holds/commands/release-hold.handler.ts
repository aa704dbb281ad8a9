import { Injectable } from '@nestjs/common';
import { AuthorizationError, ObjectNotFoundError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { HoldCache } from '../hold-cache';
import { HoldRepository, sameOwner, type HoldOwner } from '../hold.repository';

export interface ReleaseHoldInput {
  holdId: string;
  owner: HoldOwner;
}

/**
 * hold.release — the buyer gives a hold back (cart item removed, payment failed or abandoned).
 * Errors: ObjectNotFoundError (2303) when no such live hold, AuthorizationError (2201) when it
 * belongs to someone else.
 */
@Injectable()
export class ReleaseHoldHandler implements CommandHandler<ReleaseHoldInput, void> {
  readonly command = 'hold.release';

  constructor(
    private readonly holds: HoldRepository,
    private readonly cache: HoldCache,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: ReleaseHoldInput): Promise<void> {
    const hold = await this.holds.findById(ctx.manager, input.holdId);
    if (!hold || hold.expiresAt <= ctx.now) throw new ObjectNotFoundError('No such hold (it may have expired)', { reason: 'hold-not-found', value: input.holdId });
    if (!sameOwner(hold.owner, input.owner)) throw new AuthorizationError('This hold belongs to someone else', { reason: 'not-owner', value: input.holdId });
    await this.holds.delete(ctx.manager, hold.holdId);
    await this.history.record(ctx, { objectType: 'hold', objectId: hold.holdId, objectName: hold.name, action: this.command, before: { owner: hold.owner, expiresAt: hold.expiresAt } });
    ctx.afterCommit(() => this.cache.forget(hold.variantKey));
  }
}
