import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { createDataSource } from './database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { runningEmbeddedUrl } from './database/embedded-postgres-running';

export class StartupError extends Error {}

/** Fails fast, with one line that says what to do, when Redis is not there. */
export async function assertRedisReachable(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    throw new StartupError(
      `azreg: cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} — start it (e.g. \`redis-server --daemonize yes\`) or set REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Opens the database (embedded when DATABASE_URL is unset) and applies pending migrations. */
export async function openDatabase(config: AppConfig): Promise<{ dataSource: DataSource; embedded: EmbeddedDatabase | null }> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL ?? runningEmbeddedUrl(config.DATA_DIR) ?? undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.DATA_DIR);
    url = embedded.url;
  }
  const dataSource = createDataSource(url, config.DATABASE_POOL_SIZE);
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw new StartupError(`azreg: cannot connect to PostgreSQL (${(error as Error).message})`);
  }
  if (config.MIGRATIONS_RUN) await dataSource.runMigrations({ transaction: 'each' });
  return { dataSource, embedded };
}
