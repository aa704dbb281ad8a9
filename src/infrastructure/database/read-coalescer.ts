import type { EntityManager } from 'typeorm';

/**
 * Merges concurrent reads of one kind into fewer statements (the DataLoader pattern). A read that
 * arrives while fewer than `maxInFlight` statements are running goes out at once, alone: an idle
 * server adds no wait. Reads that arrive while all of them are busy queue, and the next free slot
 * sends the queue as one statement, up to `maxWeight` (names, say) per statement.
 *
 * Every read in a statement gets that statement's whole answer, so `run` must return something each
 * of them can look its own keys up in (maps keyed by name, say). A read is never answered from a
 * statement that started before it arrived, so it sees every write committed before it was made.
 * A failed statement fails each read in it.
 */
export class ReadCoalescer<Q, R> {
  private queue: Array<{ query: Q; weight: number; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  /** Statements run so far (for tests and metrics). */
  statements = 0;

  constructor(
    private readonly run: (queries: Q[]) => Promise<R>,
    private readonly options: { maxInFlight: number; maxWeight: number; weight: (q: Q) => number },
  ) {}

  load(query: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ query, weight: this.options.weight(query), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      let weight = this.queue[0].weight;
      let n = 1;
      while (n < this.queue.length && weight + this.queue[n].weight <= this.options.maxWeight) weight += this.queue[n++].weight;
      const batch = this.queue.splice(0, n);
      this.inFlight++;
      this.statements++;
      // Promise.resolve().then: a `run` that throws synchronously fails its batch, not the caller.
      Promise.resolve()
        .then(() => this.run(batch.map((b) => b.query)))
        .then(
          (result) => batch.forEach((b) => b.resolve(result)),
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}

/** The latest of several reads' clocks: every read merged into a statement had arrived by then. */
export function latest(dates: Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}

/**
 * One coalescer per connection pool (DataSource), made on first use from the manager that asked:
 * reads merge only with reads on the same database.
 */
export function coalescerPerPool<Q, R>(make: (manager: EntityManager) => ReadCoalescer<Q, R>): (manager: EntityManager) => ReadCoalescer<Q, R> {
  const byPool = new WeakMap<object, ReadCoalescer<Q, R>>();
  return (manager) => {
    let c = byPool.get(manager.connection);
    if (!c) byPool.set(manager.connection, (c = make(manager)));
    return c;
  };
}
