import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { HistoryRepository } from '../history/history.repository';
import { NameListsRepository } from './name-lists.repository';

/** premium.remove (administrators) — the name goes back to its zone's price. Errors: 2303. */
@Injectable()
export class RemovePremiumHandler implements CommandHandler<{ name: string }, { name: string }> {
  readonly command = 'premium.remove';

  constructor(
    private readonly lists: NameListsRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { name: string }): Promise<{ name: string }> {
    const before = await this.lists.removePremium(ctx.manager, input.name);
    if (!before) throw new ObjectNotFoundError(`${input.name} is not on the premium list`, { reason: 'not-found', value: input.name });
    await this.history.record(ctx, { objectType: 'premium', objectId: input.name, action: this.command, before });
    return { name: input.name };
  }
}
