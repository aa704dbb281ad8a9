import { Injectable } from '@nestjs/common';
import { ObjectNotFoundError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { HistoryRepository } from '../history/history.repository';
import { ZoneCatalog } from '../zones/zone-catalog.service';
import { reservedEntryOf } from './add-reserved.handler';
import { NameListsRepository } from './name-lists.repository';

/**
 * reserved.remove (administrators) — takes an entry off the stop-list (`baki.az`: that zone's
 * entry; `baki`: the every-zone entry). Errors: 2005, 2303 (no such entry).
 */
@Injectable()
export class RemoveReservedHandler implements CommandHandler<{ name: string }, { labelKey: string; zone: string | null }> {
  readonly command = 'reserved.remove';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly lists: NameListsRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { name: string }): Promise<{ labelKey: string; zone: string | null }> {
    const { labelKey, zone } = reservedEntryOf(input.name, await this.zones.all());
    const removed = await this.lists.removeReserved(ctx.manager, labelKey, zone);
    if (!removed) throw new ObjectNotFoundError(`${input.name} is not reserved`, { reason: 'not-found', value: input.name });
    await this.history.record(ctx, { objectType: 'reserved', objectId: `${labelKey}|${zone ?? '*'}`, objectName: input.name, action: this.command, before: { labelKey, zone, reason: removed.reason } });
    return { labelKey, zone };
  }
}
