import { ObjectNotFoundError, StatusProhibitsOperationError } from '../../../common/registry-errors';
import type { CommandContext } from '../../command/command-context';
import { toDomainRecord } from '../domain.repository';
import type { DomainRecord } from '../domain.types';

/**
 * The live restricted-zone application (a domain in pendingCreate) with this id, locked for the
 * decision. Errors: 2303 (no such domain), 2304 (not pending: already decided or lapsed).
 */
export async function lockPendingApplication(ctx: CommandContext, domainId: string): Promise<DomainRecord> {
  const rows = /^\d{1,18}$/.test(domainId) ? await ctx.manager.query(`SELECT * FROM domains WHERE id = $1 AND purged_at IS NULL FOR UPDATE`, [domainId]) : [];
  if (!rows.length) throw new ObjectNotFoundError(`No application ${domainId}`, { reason: 'not-found', value: domainId });
  const domain = toDomainRecord(rows[0]);
  if (!domain.statuses.includes('pendingCreate')) {
    throw new StatusProhibitsOperationError(`${domain.name} is not a pending application`, { reason: 'not-pending-create', value: domain.name });
  }
  return domain;
}
