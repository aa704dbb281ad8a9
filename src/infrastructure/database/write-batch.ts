import type { EntityManager } from 'typeorm';

/**
 * Several writes of one transaction sent to PostgreSQL as ONE statement, to save round trips on
 * hot commands (each round trip costs the server a socket write and a wake-up, and keeps the
 * transaction's row locks for longer).
 *
 * Repositories contribute their own SQL: `param(value)` appends a parameter and returns its
 * placeholder, `add(prefix, sql)` adds a data-modifying statement (INSERT/UPDATE/DELETE, with a
 * RETURNING clause when something reads it) as a named CTE, and `output(name, expr)` asks for a
 * value in the result row. `run` sends `WITH <parts> SELECT <outputs>` and hands the row to the
 * callbacks registered with `onResult`.
 *
 * The parts run as data-modifying CTEs do (PostgreSQL manual, "WITH Queries"): every part
 * runs exactly once, all parts see the snapshot taken when the statement started, and a part sees
 * another part's rows only through its RETURNING (`FROM <name>`), so only independent writes, or
 * writes chained through RETURNING, belong in one batch. The text depends only on which parts
 * were added, never on the values, so the statement cache prepares it once per connection.
 */
/**
 * Parameters collected while a statement's text is built: `param(value)` appends the value and
 * returns its placeholder (`$n`). Repositories build a statement once, with this, and send it
 * alone or hand the same builder a WriteBatch's `param`.
 */
export function sqlParams(): { values: unknown[]; param: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, param: (value) => `$${values.push(value)}` };
}

export class WriteBatch {
  private readonly params = sqlParams();
  private readonly parts: string[] = [];
  private readonly outputs: string[] = [];
  private readonly handlers: Array<(row: Record<string, unknown>) => void> = [];

  /** Appends a parameter; returns its placeholder (`$n`). */
  param(value: unknown): string {
    return this.params.param(value);
  }

  /** Adds a data-modifying statement as a CTE; returns its name (`<prefix>_<n>`, unique in the batch). */
  add(prefix: string, sql: string): string {
    const name = `${prefix}_${this.parts.length}`;
    this.parts.push(`${name} AS (${sql})`);
    return name;
  }

  /** Asks for `expr` (e.g. `(SELECT id FROM mail_1)`) in the result row, under a unique column name. */
  output(prefix: string, expr: string): string {
    const column = `${prefix}_${this.outputs.length}`;
    this.outputs.push(`${expr} AS ${column}`);
    return column;
  }

  onResult(handler: (row: Record<string, unknown>) => void): void {
    this.handlers.push(handler);
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  /** Sends the batch as one statement on the manager's connection (the caller's transaction). */
  async run(manager: EntityManager): Promise<void> {
    if (this.isEmpty) return;
    const rows = (await manager.query(`WITH ${this.parts.join(',\n')}\nSELECT ${this.outputs.length ? this.outputs.join(', ') : 'true AS done'}`, this.params.values)) as Array<Record<string, unknown>>;
    for (const handler of this.handlers) handler(rows[0]);
  }
}
