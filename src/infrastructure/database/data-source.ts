import { DataSource } from 'typeorm';
import { InitialSchema1764000000000 } from '../../../migrations/1764000000000-initial-schema';
import { EppSupport1764100000000 } from '../../../migrations/1764100000000-epp-support';
import { LifecycleDnsMailEscrow1764200000000 } from '../../../migrations/1764200000000-lifecycle-dns-mail-escrow';
import { ZoneIndex1764300000000 } from '../../../migrations/1764300000000-zone-index';
import { PanelCore1764400000000 } from '../../../migrations/1764400000000-panel-core';
import { AccountLockout1764500000000 } from '../../../migrations/1764500000000-account-lockout';
import { PanelCompletion1764600000000 } from '../../../migrations/1764600000000-panel-completion';
import { AdminConsole1764650000000 } from '../../../migrations/1764650000000-admin-console';
import { Disputes1764700000000 } from '../../../migrations/1764700000000-disputes';
import { LookupInvalidation1764800000000 } from '../../../migrations/1764800000000-lookup-invalidation';
import { cacheStatements } from './statement-cache';

/** Every migration, in order. Listed explicitly so a build can never miss or reorder one. */
export const MIGRATIONS = [InitialSchema1764000000000, EppSupport1764100000000, LifecycleDnsMailEscrow1764200000000, ZoneIndex1764300000000, PanelCore1764400000000, AccountLockout1764500000000, PanelCompletion1764600000000, AdminConsole1764650000000, Disputes1764700000000, LookupInvalidation1764800000000];

/**
 * pg emits 'error' on a client whose socket dies; pg-pool listens only while the client is idle and
 * TypeORM only while a query runner holds it, so a connection lost in between (a checked-out client
 * between queries, a stream or zone session holding one) would crash the process with an unhandled
 * 'error' event. Every pooled client gets a listener for its whole life: the error still fails the
 * client's queries (which become 2400 / 503) and the pool drops the broken client on release.
 */
function handleConnectionErrors(client: { on(event: 'error', listener: (error: Error) => void): unknown }): void {
  client.on('error', () => undefined);
}

/** Each new pooled client: the error listener above, and parameterised statements prepared once per connection. */
function onConnect(client: Parameters<typeof handleConnectionErrors>[0] & Parameters<typeof cacheStatements>[0]): void {
  handleConnectionErrors(client);
  cacheStatements(client);
}

/**
 * The TypeORM DataSource: connection pool, transactions and migrations. `synchronize` is off
 * everywhere; the schema changes only through reviewed SQL migrations.
 */
export function createDataSource(url: string, poolSize: number, applicationName = 'azreg'): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    logging: false,
    applicationName,
    extra: { max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, onConnect },
  });
}
