/**
 * Every BullMQ queue and job name azreg uses. Exactly one processor is registered per job name;
 * the worker refuses to boot when one is missing (see `assertEveryJobHasProcessor`).
 */
export enum QueueName {
  Holds = 'holds',
  Lifecycle = 'lifecycle',
  Dns = 'dns',
  Mail = 'mail',
  Escrow = 'escrow',
  Disputes = 'disputes',
}

export enum JobName {
  /** Deletes one checkout hold once it has expired (data: { holdId }). */
  HoldExpire = 'hold.expire',
  /** Safety net: deletes every expired hold (repeatable). */
  HoldSweep = 'hold.sweep',
  /** Closes pending payments nobody finished within 30 minutes and releases their holds (repeatable). */
  PaymentExpire = 'payment.expire',
  /** Every time-based domain transition that is due (repeatable scan; idempotent). */
  LifecycleScan = 'lifecycle.scan',
  /** Regenerates and publishes the zones that changed since their last publication (repeatable, debounced). */
  DnsPublishChanged = 'dns.publish-changed',
  /** Full regeneration of every zone (repeatable, daily). */
  DnsPublishAll = 'dns.publish-all',
  /** Sends pending outbox mails (repeatable, and after commits that write mail). */
  MailFlush = 'mail.flush',
  /** Daily full deposit (Sunday) or incremental deposit (other days). */
  EscrowDeposit = 'escrow.deposit',
  /** Moves one dispute case on when its deadline has passed (data: { disputeId }; idempotent). */
  DisputeDeadline = 'dispute.deadline',
  /** Safety net: every open case whose deadline passed, and disputed domains near expiry (repeatable, daily). */
  DisputeScan = 'dispute.scan',
}

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.HoldExpire]: QueueName.Holds,
  [JobName.HoldSweep]: QueueName.Holds,
  [JobName.PaymentExpire]: QueueName.Holds,
  [JobName.LifecycleScan]: QueueName.Lifecycle,
  [JobName.DnsPublishChanged]: QueueName.Dns,
  [JobName.DnsPublishAll]: QueueName.Dns,
  [JobName.MailFlush]: QueueName.Mail,
  [JobName.EscrowDeposit]: QueueName.Escrow,
  [JobName.DisputeDeadline]: QueueName.Disputes,
  [JobName.DisputeScan]: QueueName.Disputes,
};

/** Deterministic job ids: the same fact always maps to the same job, so enqueueing twice is harmless. */
export const jobIds = {
  holdExpire: (holdId: string) => `hold-expire-${holdId}`,
  /** One job per (case, deadline): an extension gets a new job; the old one finds nothing due. */
  disputeDeadline: (disputeId: string, dueAt: Date) => `dispute-deadline-${disputeId}-${dueAt.getTime()}`,
};
