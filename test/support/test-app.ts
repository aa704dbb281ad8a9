import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig, type Role } from '../../src/config/app-config';
import { loadBaseData } from '../../src/demo/demo-data';
import { createDataSource } from '../../src/infrastructure/database/data-source';
import type { Actor } from '../../src/registry/command/actor';
import { FakeClock } from '../../src/registry/command/clock';
import type { CommandHandler } from '../../src/registry/command/command-context';
import { CommandRunner } from '../../src/registry/command/command-runner';
import { CreateContactHandler } from '../../src/registry/contacts/commands/create-contact.handler';
import { CreateRegistrarHandler } from '../../src/registry/registrars/commands/create-registrar.handler';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  clock: FakeClock;
  db: TestDatabase;
  prefix: string;
  run<I, O>(handler: Type<CommandHandler<I, O>>, actor: Actor, input: I): Promise<O>;
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

/**
 * A real azreg (api + worker roles by default) on its own cloned database, a Redis key prefix of
 * its own, and a fake clock. Nothing is mocked.
 */
export async function startTestApp(options: { roles?: Role[]; clockStart?: string; poolSize?: number; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const prefix = `azreg-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: 'false',
    NODE_ENV: 'test',
    DATABASE_POOL_SIZE: String(options.poolSize ?? 20),
    EPP_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(tmpdir(), 'azreg-test-data', prefix),
    // Tests change data and look it up at once; test/lookup covers the cache and its invalidation.
    LOOKUP_CACHE_SECONDS: '0',
    ...options.env,
  });
  const clock = new FakeClock(options.clockStart ?? '2026-01-15T10:00:00Z');
  const dataSource = await createDataSource(db.url, config.DATABASE_POOL_SIZE, 'azreg-test').initialize();
  await loadBaseData(dataSource, clock.now());
  const app = await createApp({ config, dataSource, clock, roles: new Set(options.roles ?? ['api']) });
  await app.init();
  const runner = app.get(CommandRunner);
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    clock,
    db,
    prefix,
    run: (handler, actor, input) => runner.run(app.get(handler), actor, input),
    get: (type) => app.get(type),
    close: async () => {
      await app.close();
      await db.drop();
      await rm(join(tmpdir(), 'azreg-test-data', prefix), { recursive: true, force: true });
    },
  };
}

export const ADMIN_ACTOR: Actor = { type: 'admin', id: 'test-admin', channel: 'cli' };

export function registrarActor(id: string): Actor {
  return { type: 'registrar', id, channel: 'rest' };
}

/** Factory: an accredited registrar with credit (in qəpik) and its REST API key. */
export async function newRegistrar(t: TestApp, id: string, credit = 1_000_000): Promise<{ id: string; apiKey: string }> {
  const r = await t.run(CreateRegistrarHandler, ADMIN_ACTOR, { id, name: `Registrar ${id}`, password: 'secret-pw1', credit });
  return { id: r.id, apiKey: r.apiKey };
}

/** Factory: a contact sponsored by `registrarId`. */
export async function newContact(t: TestApp, registrarId: string, handle: string, kind: 'person' | 'org' = 'person'): Promise<string> {
  await t.run(CreateContactHandler, registrarActor(registrarId), {
    handle,
    registrarId,
    kind,
    name: 'Aynur Məmmədova',
    org: kind === 'org' ? 'Nümunə MMC' : null,
    street: ['Nizami küç. 10'],
    city: 'Bakı',
    cc: 'AZ',
    email: `${handle.toLowerCase()}@example.az`,
    voice: '+994.125551234',
    authInfo: 'contact-secret-1',
  });
  return handle;
}

export async function queryOne<T = Record<string, unknown>>(t: TestApp, sql: string, params: unknown[] = []): Promise<T> {
  const rows = await t.dataSource.query(sql, params);
  return rows[0] as T;
}
