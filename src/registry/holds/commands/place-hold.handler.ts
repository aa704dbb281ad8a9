import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ObjectExistsError, ParameterPolicyError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { DomainRepository } from '../../domains/domain.repository';
import { HistoryRepository } from '../../history/history.repository';
import { labelKeyOf, NameListsRepository } from '../../names/name-lists.repository';
import { bundleKey, parseDomainName } from '../../names/domain-name';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { HoldCache } from '../hold-cache';
import { HoldRepository, MAX_LIVE_HOLDS, sameOwner, type HoldOwner, type NameHold } from '../hold.repository';
import { JobName, QueueName, jobIds } from '../../../infrastructure/queue/queue.names';

export interface PlaceHoldInput {
  name: string;
  owner: HoldOwner;
}

export interface PlaceHoldResult {
  hold: NameHold;
  /** False when the caller already held the name (the existing hold is returned, not extended). */
  created: boolean;
}

/**
 * hold.place — reserves an available name (its whole variant bundle) for one buyer for the zone's
 * hold time (15 minutes by default). Exactly one of any number of concurrent callers wins: the
 * bundle's advisory lock serialises them and the upsert only replaces an expired hold.
 * Asking again for a name one already holds returns the same hold without extending it.
 * Panel buyers may hold at most MAX_LIVE_HOLDS names at once (10 per account, 3 per visitor).
 * Errors: ParameterSyntaxError/ParameterPolicyError (invalid name, unknown zone, reserved,
 * `too-many-holds`),
 * ObjectExistsError (registered, blocked variant, held by another buyer).
 */
@Injectable()
export class PlaceHoldHandler implements CommandHandler<PlaceHoldInput, PlaceHoldResult> {
  readonly command = 'hold.place';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly holds: HoldRepository,
    private readonly cache: HoldCache,
    private readonly domains: DomainRepository,
    private readonly lists: NameListsRepository,
    private readonly history: HistoryRepository,
    @InjectQueue(QueueName.Holds) private readonly queue: Queue,
  ) {}

  /** Racers for one bundle queue in memory, not on the pool (CommandRunner); the advisory lock still decides. */
  async serializeKey(input: PlaceHoldInput): Promise<string | null> {
    return bundleKey(input.name, await this.zones.all());
  }

  /**
   * A racer that queued behind another hold of its bundle: when the hold cache already shows the
   * bundle held by someone else, the 2302 that `handle` raises first, without opening a
   * transaction. Otherwise (free, or the caller's own hold) `handle` decides under the lock.
   */
  async settledAfterWait(ctx: CommandContext, input: PlaceHoldInput): Promise<void> {
    const name = parseDomainName(input.name, await this.zones.all());
    if (await this.cache.heldByOther(name.variantKey, input.owner, ctx.now)) throw this.heldError(name.unicodeName);
  }

  async handle(ctx: CommandContext, input: PlaceHoldInput): Promise<PlaceHoldResult> {
    const zones = await this.zones.all();
    const name = parseDomainName(input.name, zones);
    const zone = zones.get(name.zone)!;
    const heldElsewhere = await this.cache.heldByOther(name.variantKey, input.owner, ctx.now);
    if (heldElsewhere) throw this.heldError(name.unicodeName);

    const reserved = await this.lists.reserved(ctx.manager, [{ labelKey: labelKeyOf(name.variantKey, name.zone), zone: name.zone }]);
    if (reserved.size > 0) throw new ParameterPolicyError(`${name.unicodeName} is reserved`, { reason: 'reserved', value: name.name });

    await this.holds.lockBundle(ctx.manager, name.variantKey);
    const limit = MAX_LIVE_HOLDS[input.owner.type];
    if (Number.isFinite(limit)) {
      await this.holds.lockOwner(ctx.manager, input.owner);
      // Holding this bundle already does not count against the cap (asking again returns that hold).
      if ((await this.holds.countLive(ctx.manager, input.owner, ctx.now, name.variantKey)) >= limit) {
        throw new ParameterPolicyError(`At most ${limit} names can be held at once`, { reason: 'too-many-holds', value: String(limit) });
      }
    }
    const occupant = await this.domains.findLiveByVariantKey(ctx.manager, name.variantKey, ctx.now);
    if (occupant) {
      const reason = occupant.name === name.name ? 'registered' : 'blocked-variant';
      throw new ObjectExistsError(
        reason === 'registered' ? `${name.unicodeName} is already registered` : `${name.unicodeName} is a variant of the registered name ${occupant.unicodeName}`,
        { reason, value: name.name },
      );
    }
    const candidate: NameHold = {
      holdId: randomUUID(),
      variantKey: name.variantKey,
      name: name.name,
      zone: name.zone,
      owner: input.owner,
      channel: ctx.actor.channel,
      createdAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + zone.holdMinutes * 60_000),
    };
    const placed = await this.holds.placeIfFree(ctx.manager, candidate, ctx.now);
    if (!placed) {
      const existing = await this.holds.findActive(ctx.manager, name.variantKey, ctx.now);
      // The caller already holds this bundle (perhaps under another spelling): hand back that hold.
      if (existing && sameOwner(existing.owner, input.owner)) return { hold: existing, created: false };
      throw this.heldError(name.unicodeName);
    }
    await this.history.record(ctx, { objectType: 'hold', objectId: placed.holdId, objectName: placed.name, action: this.command, after: { owner: placed.owner, expiresAt: placed.expiresAt } });
    ctx.afterCommit(async () => {
      await this.cache.remember(placed, ctx.now);
      const delay = Math.max(0, placed.expiresAt.getTime() - ctx.now.getTime());
      await this.queue.add(JobName.HoldExpire, { holdId: placed.holdId }, { jobId: jobIds.holdExpire(placed.holdId), delay });
    });
    return { hold: placed, created: true };
  }

  private heldError(name: string): ObjectExistsError {
    return new ObjectExistsError(`${name} is on hold for another buyer`, { reason: 'held', value: name });
  }
}
