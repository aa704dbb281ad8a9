/** The dispute resolution service's vocabulary (BRIEF.md "Dispute resolution", modelled on Nominet's DRS). */

/**
 * Where a case stands. `due_at` is the deadline of the current state (null when none applies).
 * filed → (validated) response → reply → mediation → awaiting-fee → appointment → decision →
 * appeal-window [→ awaiting-fee (appeal) → appeal-intent → awaiting-fee (balance) → appeal] →
 * closed; court-stay pauses implementation; withdrawal, rejection, settlement and lapse close.
 */
export const DISPUTE_STATES = ['filed', 'response', 'reply', 'mediation', 'awaiting-fee', 'appointment', 'decision', 'appeal-window', 'appeal-intent', 'appeal', 'court-stay', 'closed'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

export type Party = 'complainant' | 'respondent';
export type FeeKind = 'summary' | 'expert' | 'appeal' | 'appeal-deposit' | 'appeal-balance';
export const OUTCOMES = ['transfer', 'cancel', 'suspend', 'no-action'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type ClosedReason = 'rejected' | 'withdrawn' | 'settled' | 'lapsed' | 'implemented' | 'court';

/** Grounds of abusive registration a complainant picks from (the DRS Policy's non-exhaustive list). */
export const GROUNDS = ['sale-to-complainant', 'blocking', 'disrupting-business', 'confusion', 'pattern', 'false-details', 'other'] as const;
export type Ground = (typeof GROUNDS)[number];

/** Complaint, response, reply and appeal notice: at most this many words each. */
export const WORD_LIMIT = 5_000;
/** The rights the complainant claims: a short statement. */
export const RIGHTS_MAX_CHARS = 2_000;

/** Deadlines in working days (BRIEF.md); the officer may extend the ones marked extendable. */
export const WORKING_DAYS = {
  response: 15,
  reply: 5,
  mediation: 10,
  fee: 10,
  appointment: 5,
  decision: 10,
  appealWindow: 10,
  appealNotice: 15,
} as const;

/** States whose deadline an officer may extend. */
export const EXTENDABLE_STATES: readonly DisputeState[] = ['response', 'reply', 'mediation', 'appointment', 'decision', 'appeal-intent'];
/** States in which the complainant may still withdraw (before a decision). */
export const WITHDRAWABLE_STATES: readonly DisputeState[] = ['filed', 'response', 'reply', 'mediation', 'awaiting-fee', 'appointment', 'decision'];
/** States in which the parties may settle (through the officer). */
export const SETTLEABLE_STATES: readonly DisputeState[] = ['response', 'reply', 'mediation', 'awaiting-fee', 'appointment'];

/** One row of `disputes`. */
export interface DisputeRecord {
  id: string;
  caseNumber: string;
  domainId: string;
  domainName: string;
  unicodeName: string;
  complainantAccountId: string;
  complainantContactId: string;
  respondentContactId: string | null;
  respondentAccountId: string | null;
  sponsorRegistrarId: string | null;
  state: DisputeState;
  dueAt: Date | null;
  feeKind: FeeKind | null;
  feeAmount: number | null;
  feePayer: Party | null;
  feePaymentId: string | null;
  decisionKind: 'summary' | 'expert' | null;
  rights: string;
  grounds: Ground[];
  complaint: string;
  response: string | null;
  reply: string | null;
  outcome: Outcome | null;
  reasons: string | null;
  decidedAt: Date | null;
  appealParty: Party | null;
  appealNotice: string | null;
  appealResult: 'upheld' | 'overturned' | null;
  appealReasons: string | null;
  closedReason: ClosedReason | null;
  closedAt: Date | null;
  published: boolean;
  lockPriorStatuses: string[] | null;
  lockedAt: Date | null;
  unlockedAt: Date | null;
  filedAt: Date;
  updatedAt: Date;
}

/** Who is looking at a case: decides what they may see (timeline visibility, notes, documents). */
export type Viewer =
  | { kind: 'party'; accountId: string }
  | { kind: 'officer'; adminId: string }
  | { kind: 'expert'; adminId: string };

/** Words as a reader counts them: runs of letters/digits (any script). */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;
}
