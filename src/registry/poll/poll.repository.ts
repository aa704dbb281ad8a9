import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface PollMessage {
  id: string;
  registrarId: string;
  message: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Per-registrar message queue (EPP <poll>), written in the transaction of the event it reports. */
@Injectable()
export class PollRepository {
  async enqueue(manager: EntityManager, registrarId: string, message: string, payload: Record<string, unknown>, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO poll_messages (registrar_id, message, payload, created_at) VALUES ($1, $2, $3, $4)`,
      [registrarId, message, JSON.stringify(payload), now],
    );
  }

  async list(manager: EntityManager, registrarId: string, limit = 50): Promise<PollMessage[]> {
    const rows = await manager.query(
      `SELECT * FROM poll_messages WHERE registrar_id = $1 AND acked_at IS NULL ORDER BY id LIMIT $2`,
      [registrarId, limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: String(r.id),
      registrarId: r.registrar_id as string,
      message: r.message as string,
      payload: r.payload as Record<string, unknown>,
      createdAt: r.created_at as Date,
    }));
  }
}
