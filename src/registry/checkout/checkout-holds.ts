import { Injectable } from '@nestjs/common';
import { PaymentRepository } from '../../payments/payment.repository';
import { isDomainOrder, type Payment } from '../../payments/payment.types';
import type { CommandContext } from '../command/command-context';
import { ReleaseHoldHandler } from '../holds/commands/release-hold.handler';
import { HoldRepository, sameOwner, type HoldOwner, type NameHold } from '../holds/hold.repository';

/** A panel account as the owner of holds. */
export function accountOwner(accountId: string): HoldOwner {
  return { type: 'account', id: accountId };
}

/** The hold checkout is about: live (at `now`) and the account's. */
@Injectable()
export class CheckoutHolds {
  constructor(
    private readonly holds: HoldRepository,
    private readonly payments: PaymentRepository,
    private readonly releaseHold: ReleaseHoldHandler,
  ) {}

  /** The hold, or null when it has expired, was released or consumed, or belongs to someone else. */
  async liveHold(ctx: CommandContext, accountId: string, holdId: string): Promise<NameHold | null> {
    const hold = await this.holds.findById(ctx.manager, holdId);
    if (!hold || hold.expiresAt <= ctx.now || !sameOwner(hold.owner, accountOwner(accountId))) return null;
    return hold;
  }

  /**
   * Gives the hold a payment was for back (hold.release, with its history row), so the name is
   * free again. Does nothing when the hold is gone already, or when another pending payment of the
   * same buyer still pays for it (checkout started twice). Returns whether it released.
   */
  async releaseFor(ctx: CommandContext, payment: Payment): Promise<boolean> {
    if (!isDomainOrder(payment.order)) return false; // a renewal holds nothing
    const hold = await this.liveHold(ctx, payment.accountId, payment.order.holdId);
    if (!hold) return false;
    if (await this.payments.otherPendingForHold(ctx.manager, hold.holdId, payment.id)) return false;
    await this.releaseHold.handle(ctx, { holdId: hold.holdId, owner: accountOwner(payment.accountId) });
    return true;
  }
}
