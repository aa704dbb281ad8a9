import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ZoneRepository } from './zone.repository';
import type { Zone } from './zone.types';
import type { ZoneNameRules } from '../names/domain-name';

const CACHE_MS = 5_000;

/**
 * Zone policy read on almost every command. Zones change a few times a year, so each process keeps
 * them for five seconds; a change made in this process invalidates at once, one made elsewhere is
 * seen by the commands that start five seconds after the last refresh or later (documented in the README).
 *
 * Commands call `all()` inside their transaction, and the catalog reads through the pool, not the
 * transaction. So a refresh must never make commands wait for a connection: with every pooled
 * connection held by a command waiting for the refresh, nothing could run (a pool deadlock until
 * the connection timeout, which `npm run bench` hit under load). Hence the catalog is loaded at
 * boot, refreshed by one query at a time in the background, and an expired copy is served while
 * that query runs. Only after `invalidate()` does the next caller wait for a fresh copy.
 */
@Injectable()
export class ZoneCatalog implements OnApplicationBootstrap {
  private readonly logger = new Logger(ZoneCatalog.name);
  private cached: { at: number; zones: Map<string, Zone> } | null = null;
  private refreshing: Promise<Map<string, Zone>> | null = null;
  /** Bumped by invalidate(), so that a refresh started before it cannot store its older result. */
  private generation = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly zones: ZoneRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.all().catch((error: unknown) => this.logger.warn({ err: error }, 'zone catalog not loaded at boot'));
  }

  async all(): Promise<Map<string, Zone>> {
    if (!this.cached) return this.refresh();
    if (Date.now() - this.cached.at >= CACHE_MS) {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'zone catalog refresh failed; serving the previous copy'));
    }
    return this.cached.zones;
  }

  async nameRules(): Promise<ReadonlyMap<string, ZoneNameRules>> {
    return this.all();
  }

  invalidate(): void {
    this.generation++;
    this.cached = null;
    this.refreshing = null;
  }

  private refresh(): Promise<Map<string, Zone>> {
    if (this.refreshing) return this.refreshing;
    const generation = this.generation;
    const started = Date.now();
    const refreshing: Promise<Map<string, Zone>> = this.zones
      .list(this.dataSource.manager)
      .then((list) => {
        const zones = new Map(list.map((z) => [z.name, z]));
        if (generation === this.generation) this.cached = { at: started, zones };
        return zones;
      })
      .finally(() => {
        if (this.refreshing === refreshing) this.refreshing = null;
      });
    this.refreshing = refreshing;
    return refreshing;
  }
}
