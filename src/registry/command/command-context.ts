import type { EntityManager } from 'typeorm';
import type { Actor } from './actor';

/** What every handler receives: one transaction, one `now`, one actor. */
export interface CommandContext {
  readonly manager: EntityManager;
  readonly now: Date;
  readonly actor: Actor;
  /** Work to do only after the transaction commits (enqueue jobs, update caches). */
  afterCommit(effect: () => Promise<unknown>): void;
}

export interface CommandHandler<I, O> {
  /** Stable command name, used in history rows, metrics and logs: `domain.create`. */
  readonly command: string;
  /** Read-only commands run without a transaction on the pool. */
  readonly readOnly?: boolean;
  handle(ctx: CommandContext, input: I): Promise<O>;
}
