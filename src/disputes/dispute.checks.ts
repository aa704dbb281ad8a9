import {
  AuthorizationError,
  MissingParameterError,
  ObjectNotFoundError,
  ParameterPolicyError,
  StatusProhibitsOperationError,
} from '../common/registry-errors';
import type { CommandContext } from '../registry/command/command-context';
import { countWords, WORD_LIMIT, type DisputeRecord, type DisputeState, type Party } from './dispute.types';

/** Shared checks on dispute cases: small functions that throw the typed error each rule needs. */

/** A case that does not exist, or that the caller may not see, is the same 2303: never confirm someone else's case. */
export function verifyCase(d: DisputeRecord | null, caseNumber: string): DisputeRecord {
  if (!d) throw new ObjectNotFoundError(`No dispute ${caseNumber}`, { reason: 'dispute-not-found', value: caseNumber });
  return d;
}

export function verifyState(d: DisputeRecord, states: readonly DisputeState[], operation: string): void {
  if (!states.includes(d.state)) {
    throw new StatusProhibitsOperationError(`${operation} is not possible while case ${d.caseNumber} is in state ${d.state}`, { reason: 'dispute-state', value: d.state });
  }
}

/** Which side an account is on, or null. */
export function partyOf(d: DisputeRecord, accountId: string): Party | null {
  if (d.complainantAccountId === accountId) return 'complainant';
  if (d.respondentAccountId === accountId) return 'respondent';
  return null;
}

/** The registrant running the command must be this party of the case (else 2303, as if it did not exist). */
export function verifyParty(ctx: CommandContext, d: DisputeRecord, party?: Party): Party {
  const side = ctx.actor.type === 'registrant' ? partyOf(d, ctx.actor.id) : null;
  if (!side) throw new ObjectNotFoundError(`No dispute ${d.caseNumber}`, { reason: 'dispute-not-found', value: d.caseNumber });
  if (party && side !== party) throw new AuthorizationError(`Only the ${party} may do this`, { reason: `not-${party}`, value: d.caseNumber });
  return side;
}

/** Officer and expert commands run as an admin actor; the console's role guard decides which admin. */
export function verifyStaff(ctx: CommandContext): string {
  if (ctx.actor.type !== 'admin' && ctx.actor.type !== 'system') throw new AuthorizationError('Only dispute staff may do this', { reason: 'staff-only' });
  return ctx.actor.id;
}

/** A required statement of at most WORD_LIMIT words (or `maxChars` characters). Returns it trimmed. */
export function verifyStatement(text: string | undefined, field: string, maxChars?: number): string {
  const value = (text ?? '').trim();
  if (!value) throw new MissingParameterError(`${field} is required`, { reason: 'required', value: field });
  if (maxChars !== undefined && value.length > maxChars) {
    throw new ParameterPolicyError(`${field} is longer than ${maxChars} characters`, { reason: 'too-long', value: field });
  }
  const words = countWords(value);
  if (words > WORD_LIMIT) throw new ParameterPolicyError(`${field} has ${words} words; at most ${WORD_LIMIT} are allowed`, { reason: 'word-limit', value: field });
  return value;
}
