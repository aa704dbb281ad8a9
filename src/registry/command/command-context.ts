import type { EntityManager } from 'typeorm';
import type { Actor } from './actor';

/** What every handler receives: one transaction, one `now`, one actor. */
export interface CommandContext {
  readonly manager: EntityManager;
  readonly now: Date;
  readonly actor: Actor;
  /** Work to do only after the transaction commits (enqueue jobs, update caches). */
  afterCommit(effect: () => Promise<unknown>): void;
  /** The lock statement the runner sent with START TRANSACTION (see `CommandHandler.openingLock`), if any. */
  readonly openingLock?: string;
}

export interface CommandHandler<I, O> {
  /** Stable command name, used in history rows, metrics and logs: `domain.create`. */
  readonly command: string;
  /** Read-only commands run without a transaction on the pool. */
  readonly readOnly?: boolean;
  handle(ctx: CommandContext, input: I): Promise<O>;
  /**
   * Commands that return the same key run one at a time in this process, queued in memory before
   * they take a pooled connection (CommandRunner). For commands that serialise on a database lock
   * anyway (a name's variant bundle): a crowd racing for one name then waits without holding the
   * pool, so other names keep moving. The database lock still decides across processes.
   * Null (or a throw) means no queueing; errors are left for `handle` to raise.
   */
  serializeKey?(input: I): Promise<string | null>;
  /**
   * An advisory-lock statement (complete SQL, no parameters) that the runner sends in the same
   * round trip as START TRANSACTION, so a command whose first act is that lock saves a round trip.
   * The handler finds it in `ctx.openingLock` and skips taking the lock again. Null (or a throw):
   * the transaction starts plainly and `handle` takes its own locks.
   */
  openingLock?(input: I): Promise<string | null>;
  /**
   * Runs instead of nothing when the command waited in the `serializeKey` queue behind another
   * command of the same key, before its own transaction starts: a read of committed state (no
   * transaction, no lock) that may already settle the answer, by throwing the error `handle` would
   * raise. A crowd racing for one name is then answered with one read each instead of a
   * transaction each. It must raise only what `handle` would raise for the same state, in the same
   * order of checks, and it must never decide a success (only `handle`, under its locks, does).
   */
  settledAfterWait?(ctx: CommandContext, input: I): Promise<void>;
}
