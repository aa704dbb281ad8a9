import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ZoneRepository } from './zone.repository';
import type { Zone } from './zone.types';
import type { ZoneNameRules } from '../names/domain-name';

const CACHE_MS = 5_000;

/**
 * Zone policy read on almost every command. Zones change a few times a year, so each process keeps
 * them for five seconds; a change made in this process invalidates at once, one made elsewhere is
 * seen within five seconds (documented in the README).
 */
@Injectable()
export class ZoneCatalog {
  private cached: { at: number; zones: Map<string, Zone> } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly zones: ZoneRepository,
  ) {}

  async all(): Promise<Map<string, Zone>> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.zones;
    const list = await this.zones.list(this.dataSource.manager);
    const zones = new Map(list.map((z) => [z.name, z]));
    this.cached = { at: now, zones };
    return zones;
  }

  async nameRules(): Promise<ReadonlyMap<string, ZoneNameRules>> {
    return this.all();
  }

  invalidate(): void {
    this.cached = null;
  }
}
