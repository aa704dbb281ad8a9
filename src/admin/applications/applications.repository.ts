import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ApplicationDocument {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  description: string;
  createdAt: Date;
}

export interface PendingApplication {
  id: string;
  name: string;
  unicodeName: string;
  zone: string;
  registrarId: string;
  createdAt: Date;
  /** When the application lapses (refunded) if nobody decides: created + the zone's pending-create days. */
  lapsesAt: Date;
  registrant: { handle: string; name: string; org: string | null; email: string; cc: string; nationalId: string | null } | null;
  documents: ApplicationDocument[];
}

/** Read side of restricted-zone applications for the console (decisions go through registry handlers). */
@Injectable()
export class ApplicationsRepository {
  async pending(manager: EntityManager): Promise<PendingApplication[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT d.id, d.name, d.unicode_name, d.zone, d.registrar_id, d.created_at,
              d.created_at + make_interval(days => z.pending_create_days) AS lapses_at,
              c.handle, c.name AS c_name, c.org, c.email, c.cc, c.national_id
       FROM domains d JOIN zones z ON z.name = d.zone LEFT JOIN contacts c ON c.id = d.registrant_id
       WHERE d.purged_at IS NULL AND 'pendingCreate' = ANY(d.statuses) AND z.restricted
       ORDER BY d.created_at, d.id LIMIT 500`,
    );
    const docs = await this.documents(manager, rows.map((r) => String(r.id)));
    return rows.map((r) => ({
      id: String(r.id),
      name: r.name as string,
      unicodeName: r.unicode_name as string,
      zone: r.zone as string,
      registrarId: r.registrar_id as string,
      createdAt: r.created_at as Date,
      lapsesAt: r.lapses_at as Date,
      registrant: r.handle ? { handle: r.handle as string, name: r.c_name as string, org: (r.org as string | null) ?? null, email: r.email as string, cc: r.cc as string, nationalId: (r.national_id as string | null) ?? null } : null,
      documents: docs.get(String(r.id)) ?? [],
    }));
  }

  async documents(manager: EntityManager, domainIds: string[]): Promise<Map<string, ApplicationDocument[]>> {
    if (domainIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, domain_id, file_name, content_type, octet_length(content) AS size, description, created_at
       FROM domain_application_documents WHERE domain_id = ANY($1::bigint[]) ORDER BY id`,
      [domainIds],
    );
    const out = new Map<string, ApplicationDocument[]>();
    for (const r of rows) {
      const list = out.get(String(r.domain_id)) ?? [];
      list.push({ id: String(r.id), fileName: r.file_name as string, contentType: r.content_type as string, size: Number(r.size), description: r.description as string, createdAt: r.created_at as Date });
      out.set(String(r.domain_id), list);
    }
    return out;
  }

  async document(manager: EntityManager, domainId: string, documentId: string): Promise<{ fileName: string; contentType: string; content: Buffer } | null> {
    if (!/^\d{1,18}$/.test(domainId) || !/^\d{1,18}$/.test(documentId)) return null;
    const rows = await manager.query(`SELECT file_name, content_type, content FROM domain_application_documents WHERE id = $1 AND domain_id = $2`, [documentId, domainId]);
    return rows.length ? { fileName: rows[0].file_name, contentType: rows[0].content_type, content: rows[0].content } : null;
  }

  /** Attaches a document to an application (the registrar-facing upload is still to come; tests and demo data use this). */
  async addDocument(manager: EntityManager, d: { domainId: string; fileName: string; contentType: string; content: Buffer; description?: string }, now: Date): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO domain_application_documents (domain_id, file_name, content_type, content, description, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [d.domainId, d.fileName, d.contentType, d.content, d.description ?? '', now],
    );
    return String(rows[0].id);
  }
}
