import { Module } from '@nestjs/common';
import { ZoneGenerator } from './zone-generator';
import { ZonePublisher } from './zone-publisher';

/**
 * DNS publication: zone files generated from PostgreSQL and published to ZONE_DIR. Needs only the
 * global providers (DataSource, Clock, AppConfig); the worker's `DnsProcessor` drives it.
 */
@Module({ providers: [ZoneGenerator, ZonePublisher], exports: [ZonePublisher, ZoneGenerator] })
export class DnsModule {}
