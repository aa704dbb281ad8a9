import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { HoldCache } from '../hold-cache';
import { HoldRepository, MAX_LIVE_HOLDS, type HoldOwner, type NameHold } from '../hold.repository';

export interface ClaimHoldsInput {
  /** The visitor id the panel kept in the session before login. */
  visitorId: string;
  accountId: string;
}

/**
 * hold.claim — at login, the names a visitor put in the cart before having an account become the
 * account's holds (same hold ids, same expiry: claiming never extends a hold). Holds beyond the
 * account's cap (MAX_LIVE_HOLDS) are released rather than moved. Each moved or released hold gets
 * a history row. A visitor id with no live holds is a no-op.
 */
@Injectable()
export class ClaimHoldsHandler implements CommandHandler<ClaimHoldsInput, NameHold[]> {
  readonly command = 'hold.claim';

  constructor(
    private readonly holds: HoldRepository,
    private readonly cache: HoldCache,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: ClaimHoldsInput): Promise<NameHold[]> {
    const visitor: HoldOwner = { type: 'visitor', id: input.visitorId };
    const account: HoldOwner = { type: 'account', id: input.accountId };
    await this.holds.lockOwner(ctx.manager, account);
    const waiting = await this.holds.listByOwner(ctx.manager, visitor, ctx.now);
    if (waiting.length === 0) return [];
    const room = Math.max(0, MAX_LIVE_HOLDS.account - (await this.holds.countLive(ctx.manager, account, ctx.now)));
    for (const extra of waiting.slice(room)) {
      await this.holds.delete(ctx.manager, extra.holdId);
      await this.history.record(ctx, { objectType: 'hold', objectId: extra.holdId, objectName: extra.name, action: 'hold.release', before: { owner: extra.owner, expiresAt: extra.expiresAt }, after: { reason: 'account-hold-limit' } });
      ctx.afterCommit(() => this.cache.forget(extra.variantKey));
    }
    const keep = waiting.slice(0, room);
    const movedIds = await this.holds.reassign(ctx.manager, keep.map((h) => h.holdId), account);
    const moved = keep.filter((h) => movedIds.has(h.holdId)).map((h) => ({ ...h, owner: account }));
    for (const hold of moved) {
      await this.history.record(ctx, { objectType: 'hold', objectId: hold.holdId, objectName: hold.name, action: this.command, before: { owner: visitor, expiresAt: hold.expiresAt }, after: { owner: account, expiresAt: hold.expiresAt } });
      ctx.afterCommit(() => this.cache.remember(hold, ctx.now));
    }
    return moved;
  }
}
