import { Injectable } from '@nestjs/common';
import { ParameterRangeError } from '../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../command/command-context';
import { HistoryRepository } from '../history/history.repository';
import { ZoneCatalog } from '../zones/zone-catalog.service';
import { parseDomainName } from './domain-name';
import { NameListsRepository } from './name-lists.repository';

/** Premium prices (qəpik per year) are capped to keep typos from becoming 10-million-AZN names. */
export const MAX_PREMIUM_QEPIK = 100_000_000;

/**
 * premium.set (administrators) — puts a name on the premium list or changes its prices; check,
 * create and renew use them at once (they read the list in the command). Errors: 2005 (name), 2004 (price).
 */
@Injectable()
export class SetPremiumHandler implements CommandHandler<{ name: string; create: number; renew: number }, { name: string }> {
  readonly command = 'premium.set';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly lists: NameListsRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { name: string; create: number; renew: number }): Promise<{ name: string }> {
    const parsed = parseDomainName(input.name, await this.zones.all());
    for (const [what, v] of [['create', input.create], ['renew', input.renew]] as const) {
      if (!Number.isSafeInteger(v) || v < 0 || v > MAX_PREMIUM_QEPIK) throw new ParameterRangeError(`Premium ${what} price out of range`, { reason: 'price', value: String(v) });
    }
    const before = (await this.lists.premium(ctx.manager, [parsed.name])).get(parsed.name) ?? null;
    await this.lists.setPremium(ctx.manager, parsed.name, { create: input.create, renew: input.renew }, ctx.now);
    await this.history.record(ctx, { objectType: 'premium', objectId: parsed.name, objectName: parsed.unicodeName, action: this.command, before, after: { create: input.create, renew: input.renew } });
    return { name: parsed.name };
  }
}
