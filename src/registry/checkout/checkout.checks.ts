import { AuthorizationError, DataManagementPolicyError, ObjectNotFoundError } from '../../common/registry-errors';
import type { PaymentRepository } from '../../payments/payment.repository';
import type { Buyer } from '../../payments/payment.types';
import type { CommandContext } from '../command/command-context';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who may start paying: a registrant only for their own account, which must exist and have a
 * verified e-mail. Errors: AuthorizationError 2201 (`not-owner`), ObjectNotFoundError 2303
 * (`account-not-found`), DataManagementPolicyError 2308 (`email-not-verified`).
 */
export async function verifyBuyer(ctx: CommandContext, payments: PaymentRepository, accountId: string): Promise<Buyer> {
  if (ctx.actor.type === 'registrant' && ctx.actor.id !== accountId) {
    throw new AuthorizationError('You can only pay from your own account', { reason: 'not-owner', value: accountId });
  }
  const buyer = UUID.test(accountId) ? await payments.findBuyer(ctx.manager, accountId) : null;
  if (!buyer) throw new ObjectNotFoundError('No such account', { reason: 'account-not-found', value: accountId });
  if (!buyer.emailVerified) {
    throw new DataManagementPolicyError('Verify your e-mail address before paying', { reason: 'email-not-verified' });
  }
  return buyer;
}
