import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../registry/command/clock';
import { RegistrarRepository } from '../../registry/registrars/registrar.repository';

/** How long a registrar's standing is trusted before it is read again. */
export const STANDING_TTL_MS = 5_000;

/**
 * Whether a logged-in registrar may still act: a registrar suspended (or terminated) by the
 * console while its EPP sessions are open is refused within STANDING_TTL_MS, not only at its next
 * login. Read from PostgreSQL at most once per registrar and TTL in each process (a create storm
 * must not add a query per command); concurrent readers share one query.
 */
@Injectable()
export class RegistrarStanding {
  private readonly known = new Map<string, { active: boolean; at: number }>();
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async isActive(registrarId: string): Promise<boolean> {
    const hit = this.known.get(registrarId);
    if (hit && this.clock.now().getTime() - hit.at < STANDING_TTL_MS) return hit.active;
    let read = this.pending.get(registrarId);
    if (!read) {
      read = this.registrars.findById(this.dataSource.manager, registrarId).then(
        (r) => {
          const active = r?.status === 'active';
          this.known.set(registrarId, { active, at: this.clock.now().getTime() });
          return active;
        },
      ).finally(() => this.pending.delete(registrarId));
      this.pending.set(registrarId, read);
    }
    return read;
  }
}
