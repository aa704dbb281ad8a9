import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock, SystemClock } from '../../registry/command/clock';
import { createDataSource } from './data-source';

/**
 * Provides the initialised DataSource and the Clock. `DatabaseModule.withDataSource()` lets the
 * entry point (or a test) hand over a DataSource it already opened and migrated.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  static forRoot(options: { dataSource?: DataSource; clock?: Clock } = {}) {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            if (options.dataSource) return options.dataSource;
            if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
            return createDataSource(config.DATABASE_URL, config.DATABASE_POOL_SIZE).initialize();
          },
        },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
      ],
      exports: [DataSource, Clock],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
