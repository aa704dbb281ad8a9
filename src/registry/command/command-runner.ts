import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { Clock } from './clock';
import type { Actor } from './actor';
import type { CommandContext, CommandHandler } from './command-context';
import { CommandFailedError, ObjectExistsError, RegistryError, ServiceUnavailableError } from '../../common/registry-errors';
import { isDatabaseUnavailable } from '../../infrastructure/database/database-unavailable';

const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';
/**
 * How long the caller waits for one after-commit effect. Effects talk to Redis (enqueue, cache);
 * while Redis is away they would hold the answer to an already committed command hostage, so the
 * answer goes out after this and the effect finishes (or fails and is logged) on its own.
 */
export const AFTER_COMMIT_WAIT_MS = 2_000;

/** In-process FIFO per key: `acquire` resolves when every earlier holder of the key has released. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** `waited`: an earlier holder of the key was still there when this one asked. */
  async acquire(key: string): Promise<{ release: () => void; waited: boolean }> {
    const earlier = this.tails.get(key);
    const previous = earlier ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    return {
      waited: earlier !== undefined,
      release: () => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      },
    };
  }
}

/**
 * Runs one command: reads the clock once, opens one transaction, hands both to the handler, and
 * runs after-commit effects only once the transaction has committed. A unique-index violation that
 * slipped past a handler's own checks (a race) becomes ObjectExistsError, never a 500; a lost
 * database connection becomes ServiceUnavailableError (EPP 2400, HTTP 503). Commands with a
 * `serializeKey` (create and hold: one name's variant bundle) first queue per key in memory; one
 * that had to wait there may be settled by its `settledAfterWait` read before any transaction; a
 * command with an `openingLock` (create) takes that lock with START TRANSACTION.
 */
@Injectable()
export class CommandRunner {
  private readonly logger = new Logger(CommandRunner.name);
  private readonly queue = new KeyedQueue();
  /** Commands answered by their `settledAfterWait` read, without a transaction (for tests and metrics). */
  settledAfterWait = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async run<I, O>(handler: CommandHandler<I, O>, actor: Actor, input: I): Promise<O> {
    const key = handler.serializeKey ? await handler.serializeKey(input).catch(() => null) : null;
    if (key === null) return this.runNow(handler, actor, input, false);
    const { release, waited } = await this.queue.acquire(key);
    try {
      return await this.runNow(handler, actor, input, waited);
    } finally {
      release();
    }
  }

  private async runNow<I, O>(handler: CommandHandler<I, O>, actor: Actor, input: I, waited: boolean): Promise<O> {
    const now = this.clock.now();
    const effects: Array<() => Promise<unknown>> = [];
    const afterCommit = (effect: () => Promise<unknown>) => void effects.push(effect);
    const openingLock = handler.openingLock && !handler.readOnly ? await handler.openingLock(input).catch(() => null) : null;
    let result: O;
    try {
      if (waited && handler.settledAfterWait) {
        await handler.settledAfterWait({ manager: this.dataSource.manager, now, actor, afterCommit: () => undefined }, input).catch((error: unknown) => {
          this.settledAfterWait++;
          throw error;
        });
      }
      if (handler.readOnly) {
        result = await handler.handle({ manager: this.dataSource.manager, now, actor, afterCommit }, input);
      } else if (openingLock) {
        result = await this.transactionOpenedWith(openingLock, (manager) => handler.handle({ manager, now, actor, afterCommit, openingLock }, input));
      } else {
        result = await this.dataSource.transaction((manager) => {
          const ctx: CommandContext = { manager, now, actor, afterCommit };
          return handler.handle(ctx, input);
        });
      }
    } catch (error) {
      throw this.translate(error, handler.command);
    }
    for (const effect of effects) {
      // The fact is committed in PostgreSQL; a lost or late effect (job, cache) is repaired by the
      // worker's scheduled scans. Log a failure and keep the command's result.
      const done = Promise.resolve()
        .then(effect)
        .then(
          () => true,
          (error: unknown) => {
            this.logger.error({ command: handler.command, err: error }, 'after-commit effect failed');
            return true;
          },
        );
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), AFTER_COMMIT_WAIT_MS);
      });
      const finished = await Promise.race([done, waited]);
      clearTimeout(timer);
      if (!finished) this.logger.warn({ command: handler.command }, 'after-commit effect still running; answering without waiting for it');
    }
    return result;
  }

  /**
   * What `DataSource.transaction` does, except that START TRANSACTION and `statement` (a lock, no
   * parameters) go to PostgreSQL as one simple-protocol query, so the transaction and its first
   * lock cost one round trip. Any failure, of the start, the work or the commit, rolls back.
   */
  private async transactionOpenedWith<T>(statement: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      try {
        await runner.query(`START TRANSACTION; ${statement}`);
        const result = await work(runner.manager);
        await runner.query('COMMIT');
        return result;
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  private translate(error: unknown, command: string): unknown {
    if (error instanceof RegistryError) return error;
    if (error instanceof QueryFailedError) {
      const code = (error.driverError as { code?: string } | undefined)?.code;
      const constraint = (error.driverError as { constraint?: string } | undefined)?.constraint ?? '';
      if (code === UNIQUE_VIOLATION) {
        return new ObjectExistsError('Object exists', { reason: `unique:${constraint}` });
      }
      if (code === SERIALIZATION_FAILURE || code === DEADLOCK) {
        return new CommandFailedError('Command failed; please retry', { reason: 'conflict' });
      }
    }
    if (isDatabaseUnavailable(error)) {
      this.logger.warn({ command, err: error }, 'database unavailable');
      return new ServiceUnavailableError('The registry database is unavailable; please retry shortly', { reason: 'database-unavailable' });
    }
    this.logger.error({ command, err: error }, 'command failed unexpectedly');
    return new CommandFailedError('Command failed', { reason: 'internal' });
  }
}
