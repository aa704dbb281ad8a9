import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { EscrowService } from '../../src/escrow/escrow.service';
import { CreateContactHandler } from '../../src/registry/contacts/commands/create-contact.handler';
import { UpdateContactHandler } from '../../src/registry/contacts/commands/update-contact.handler';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { UpdateDomainHandler } from '../../src/registry/domains/commands/update-domain.handler';
import { CreateHostHandler } from '../../src/registry/hosts/commands/create-host.handler';
import { UpdateHostHandler } from '../../src/registry/hosts/commands/update-host.handler';
import { createDomain, DAY } from '../handlers/handler-helpers';
import { newContact, newRegistrar, registrarActor, startTestApp, type TestApp } from '../support/test-app';

/** A populated registry for the escrow tests, and the query that compares two databases. */

export const A = 'esc-a';
export const B = 'esc-b';
export const C = 'esc-c';
export const DS = { keyTag: 12345, alg: 13, digestType: 2, digest: 'AB'.repeat(32) };
/** A name with every character XML escapes, and Azerbaijani letters. */
export const AWKWARD_NAME = `Əli & "Vəli" <Şirkət> 'test'`;

export async function escrowApp(): Promise<{ t: TestApp; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'azreg-escrow-'));
  const t = await startTestApp({ env: { ESCROW_DIR: dir } });
  return { t, dir };
}

export function escrowService(t: TestApp, overrides: Partial<AppConfig> = {}): EscrowService {
  const config = Object.assign(new AppConfig(), t.get(AppConfig), overrides);
  return new EscrowService(t.dataSource, config);
}

/**
 * Three registrars (plus the direct channel), five contacts (person, org with statuses and
 * disclose flags, an unlinked one), four hosts (glue v4+v6, glue with a status, two external), five
 * domains (IDN, DS, client statuses, a second-level zone, contacts of every type, one in
 * redemption). Built at 2026-01-15T10:00Z; the clock ends 6 days later (after the add grace).
 */
export async function populate(t: TestApp): Promise<void> {
  await newRegistrar(t, A);
  await newRegistrar(t, B);
  await newRegistrar(t, C);
  await newContact(t, A, 'ESC-A1');
  await newContact(t, A, 'ESC-A2', 'org');
  await t.run(CreateContactHandler, registrarActor(A), {
    handle: 'ESC-A3', registrarId: A, kind: 'person', name: AWKWARD_NAME, street: ['Nizami küç. 10', 'mənzil 5'], city: 'Bakı', sp: 'Bakı',
    pc: 'AZ1000', cc: 'az', voice: '+994.125551234', fax: '+994.125551235', email: 'a3@example.az', disclose: { voice: true, email: true },
  });
  await newContact(t, B, 'ESC-B1');
  await newContact(t, C, 'ESC-C1');
  await t.run(UpdateContactHandler, registrarActor(A), { handle: 'ESC-A2', registrarId: A, addStatuses: ['clientDeleteProhibited'] });

  await createDomain(t, A, 'alpha.az', 'ESC-A1', { contacts: [{ type: 'admin', handle: 'ESC-A2' }, { type: 'tech', handle: 'ESC-A3' }, { type: 'billing', handle: 'ESC-A1' }], dsRecords: [DS] });
  const host = (name: string, addresses?: string[]) => t.run(CreateHostHandler, registrarActor(A), { name, registrarId: A, addresses });
  await host('ns1.alpha.az', ['192.0.2.1', '2001:db8::1']);
  await host('ns2.alpha.az', ['192.0.2.2']);
  await host('ns.dns-example.com');
  await host('ns9.dns-example.com');
  await t.run(UpdateHostHandler, registrarActor(A), { name: 'ns2.alpha.az', registrarId: A, addStatuses: ['clientUpdateProhibited'] });
  await t.run(UpdateDomainHandler, registrarActor(A), {
    name: 'alpha.az', registrarId: A, add: { nameservers: ['ns1.alpha.az', 'ns2.alpha.az', 'ns.dns-example.com'], statuses: ['clientTransferProhibited'] },
  });
  await createDomain(t, A, 'şəki.az', 'ESC-A3', { nameservers: ['ns1.alpha.az'] });
  await createDomain(t, B, 'beta.com.az', 'ESC-B1', { nameservers: ['ns1.alpha.az', 'ns.dns-example.com'], contacts: [{ type: 'tech', handle: 'ESC-B1' }] });
  await createDomain(t, A, 'gamma.az', 'ESC-A1');
  await createDomain(t, C, 'delta.az', 'ESC-C1');
  t.clock.advance(6 * DAY);
  await t.run(DeleteDomainHandler, registrarActor(A), { name: 'gamma.az', registrarId: A }); // → redemption
  // ESC-C1 is now the registrant of delta.az only; free it so the INCR test can delete it.
  await newContact(t, C, 'ESC-C2');
  await t.run(UpdateDomainHandler, registrarActor(C), { name: 'delta.az', registrarId: C, change: { registrant: 'ESC-C2' } });
}

/**
 * Everything a deposit carries, per object, as PostgreSQL renders it — for comparing the source
 * database with one restored from a deposit.
 */
export async function registrySnapshot(ds: DataSource): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => ds.query(sql) as Promise<unknown[]>;
  return {
    registrars: await q(`SELECT id, name, status, email, phone, url, created_at::text, updated_at::text FROM registrars ORDER BY id`),
    contacts: await q(`SELECT id, roid, handle, registrar_id, kind, name, org, street, city, sp, pc, cc, voice, fax, email, disclose::text, statuses,
        created_at::text, created_by, updated_at::text, updated_by, transferred_at::text FROM contacts WHERE deleted_at IS NULL ORDER BY id`),
    hosts: await q(`SELECT h.id, h.roid, h.name, h.registrar_id, h.addresses::text, d.name AS superordinate, h.statuses, h.created_at::text, h.created_by,
        h.updated_at::text, h.updated_by FROM hosts h LEFT JOIN domains d ON d.id = h.superordinate_domain_id WHERE h.deleted_at IS NULL ORDER BY h.id`),
    domains: await q(`SELECT d.id, d.roid, d.name, d.unicode_name, d.variant_key, d.zone, d.registrar_id, c.handle AS registrant, d.statuses,
        d.created_at::text, d.created_by, d.updated_at::text, d.updated_by, d.expires_at::text, d.transferred_at::text, d.deleted_at::text, d.purge_at::text
        FROM domains d LEFT JOIN contacts c ON c.id = d.registrant_id WHERE d.purged_at IS NULL ORDER BY d.id`),
    domainContacts: await q(`SELECT d.name, dc.type, c.handle FROM domain_contacts dc JOIN domains d ON d.id = dc.domain_id JOIN contacts c ON c.id = dc.contact_id
        WHERE d.purged_at IS NULL ORDER BY 1, 2, 3`),
    nameservers: await q(`SELECT d.name, h.name AS host FROM domain_nameservers dn JOIN domains d ON d.id = dn.domain_id JOIN hosts h ON h.id = dn.host_id
        WHERE d.purged_at IS NULL ORDER BY 1, 2`),
    ds: await q(`SELECT d.name, s.key_tag, s.alg, s.digest_type, s.digest FROM domain_ds_records s JOIN domains d ON d.id = s.domain_id
        WHERE d.purged_at IS NULL ORDER BY 1, 2, 3, 4, 5`),
  };
}
