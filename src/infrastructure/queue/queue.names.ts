/**
 * Every BullMQ queue and job name azreg uses. Exactly one processor is registered per job name;
 * `QueueModule` refuses to boot a worker when one is missing (see `assertEveryJobHasProcessor`).
 */
export enum QueueName {
  Holds = 'holds',
}

export enum JobName {
  /** Deletes one checkout hold once it has expired (data: { holdId }). */
  HoldExpire = 'hold.expire',
  /** Safety net: deletes every expired hold (repeatable). */
  HoldSweep = 'hold.sweep',
}

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.HoldExpire]: QueueName.Holds,
  [JobName.HoldSweep]: QueueName.Holds,
};

/** Deterministic job ids: the same fact always maps to the same job, so enqueueing twice is harmless. */
export const jobIds = {
  holdExpire: (holdId: string) => `hold-expire-${holdId}`,
};
