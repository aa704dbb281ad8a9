import { Injectable } from '@nestjs/common';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HoldCache } from '../hold-cache';
import { HoldRepository } from '../hold.repository';

export interface ExpireHoldsInput {
  /** One hold (the delayed job), or every expired hold when absent (the sweep). */
  holdId?: string;
}

/**
 * hold.expire — removes holds whose time has passed. Idempotent: running it twice, or late, or for
 * a hold that was consumed or released meanwhile, changes nothing more. Expired holds already stop
 * blocking at use time; this only tidies rows and the Redis fast path.
 */
@Injectable()
export class ExpireHoldsHandler implements CommandHandler<ExpireHoldsInput, number> {
  readonly command = 'hold.expire';

  constructor(
    private readonly holds: HoldRepository,
    private readonly cache: HoldCache,
  ) {}

  async handle(ctx: CommandContext, input: ExpireHoldsInput): Promise<number> {
    const freed = await this.holds.deleteExpired(ctx.manager, ctx.now, input.holdId);
    ctx.afterCommit(async () => {
      for (const key of freed) await this.cache.forget(key);
    });
    return freed.length;
  }
}
