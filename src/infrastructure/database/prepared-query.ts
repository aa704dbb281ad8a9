import type { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs a hot read straight on the pool when the manager has no transaction, skipping TypeORM's
 * per-query runner (connect, broadcast, release); inside a command's transaction it runs on that
 * transaction's connection as usual. Either way the statement cache on every pooled client
 * (statement-cache.ts) prepares it once per connection.
 */
export async function preparedQuery<T = Record<string, unknown>>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  if (manager.queryRunner) return (await manager.query(text, values)) as T[];
  const pool = (manager.connection.driver as PostgresDriver).master as Pool;
  const result = await pool.query(text, values);
  return result.rows as T[];
}
