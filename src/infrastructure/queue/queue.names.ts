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
};

/** Deterministic job ids: the same fact always maps to the same job, so enqueueing twice is harmless. */
export const jobIds = {
  holdExpire: (holdId: string) => `hold-expire-${holdId}`,
};
