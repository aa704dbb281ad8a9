import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../infrastructure/database/database.module';
import { RedisModule } from '../infrastructure/redis/redis.module';
import { RegistryModule } from '../registry/registry.module';

/** The registry core without any transport: what the operator CLI needs. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, dataSource: DataSource) {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot({ dataSource }), RedisModule, RegistryModule],
    };
  }
}
