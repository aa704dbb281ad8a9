import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword, newApiSecret, sha256 } from '../../../src/common/secrets';
import { formatApiKey } from '../../../src/registry/registrars/commands/create-registrar.handler';
import { RegistrarRepository } from '../../../src/registry/registrars/registrar.repository';

export const FAULT_PASSWORD = 'secret-pw1';

/**
 * An accredited registrar with credit (in qəpik), written through the registry's own repository
 * straight into the database a child azreg uses (the child has no admin API yet). Returns its API key.
 */
export async function seedRegistrar(ds: DataSource, id: string, credit: number): Promise<{ id: string; apiKey: string }> {
  const repo = new RegistrarRepository();
  const keyId = randomUUID();
  const secret = newApiSecret();
  const now = new Date();
  const passwordHash = await hashPassword(FAULT_PASSWORD);
  await ds.transaction(async (m) => {
    await repo.insert(m, { id, name: `Registrar ${id}`, passwordHash, email: `${id}@registrar.example` }, now);
    await repo.insertApiKey(m, { id: keyId, registrarId: id, secretHash: sha256(secret), label: 'fault test' }, now);
    if (credit > 0) await repo.credit(m, { registrarId: id, amount: credit, kind: 'credit', note: 'fault test credit' }, now);
  });
  return { id, apiKey: formatApiKey(keyId, secret) };
}

/**
 * The money and audit invariants of the brief, as a list of violations (empty when they hold):
 * every balance equals the sum of its ledger, every live or purged domain has its create debit and
 * its history row, and no create debit points at a domain that does not exist (a torn transaction).
 */
export async function moneyAndAuditViolations(ds: DataSource): Promise<string[]> {
  const out: string[] = [];
  const balances: Array<{ id: string; balance: string; ledger: string }> = await ds.query(
    `SELECT r.id, r.balance::text, COALESCE((SELECT sum(amount) FROM ledger_entries l WHERE l.registrar_id = r.id), 0)::text AS ledger
       FROM registrars r ORDER BY r.id`,
  );
  for (const b of balances) if (b.balance !== b.ledger) out.push(`registrar ${b.id}: balance ${b.balance} but ledger sum ${b.ledger}`);
  const negative: Array<{ id: string }> = await ds.query(`SELECT id FROM ledger_entries WHERE balance_after < 0`);
  for (const n of negative) out.push(`ledger entry ${n.id} leaves a negative balance`);
  const noDebit: Array<{ name: string }> = await ds.query(
    `SELECT d.name FROM domains d WHERE d.zone NOT IN (SELECT name FROM zones WHERE restricted)
        AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.domain_id = d.id AND l.kind = 'create' AND l.amount < 0)`,
  );
  for (const d of noDebit) out.push(`domain ${d.name} has no create debit`);
  const noHistory: Array<{ name: string }> = await ds.query(
    `SELECT d.name FROM domains d
      WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.object_type = 'domain' AND h.object_id = d.id::text AND h.action = 'domain.create')`,
  );
  for (const d of noHistory) out.push(`domain ${d.name} has no history row`);
  const orphanDebits: Array<{ id: string; domain_name: string }> = await ds.query(
    `SELECT l.id, l.domain_name FROM ledger_entries l
      WHERE l.kind = 'create' AND NOT EXISTS (SELECT 1 FROM domains d WHERE d.id = l.domain_id)`,
  );
  for (const l of orphanDebits) out.push(`create debit ${l.id} for ${l.domain_name} has no domain`);
  const twice: Array<{ name: string; n: string }> = await ds.query(
    `SELECT variant_key AS name, count(*)::text AS n FROM domains WHERE deleted_at IS NULL AND purged_at IS NULL GROUP BY variant_key HAVING count(*) > 1`,
  );
  for (const d of twice) out.push(`variant bundle ${d.name} is registered ${d.n} times`);
  return out;
}

/**
 * One digest per table: md5 over every row rendered as text, in a stable order. Two equal digests
 * mean nothing in that table changed. `exclude` drops tables expected to move (e.g. sessions).
 */
export async function tableDigests(ds: DataSource, tables: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await ds.query(`SELECT md5(COALESCE(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS d, count(*)::int AS n FROM ${table} x`);
    out[table] = `${row.n}:${row.d}`;
  }
  return out;
}

/** Every table whose content a registry command, a lookup or a panel page could change. */
export const REGISTRY_TABLES = [
  'zones', 'registrars', 'registrar_api_keys', 'ledger_entries', 'registrant_accounts', 'admin_users', 'contacts', 'domains', 'hosts',
  'domain_contacts', 'domain_nameservers', 'domain_ds_records', 'grace_periods', 'domain_transfers', 'name_holds', 'reserved_names',
  'premium_names', 'poll_messages', 'history', 'contact_transfers', 'outbox', 'account_tokens', 'payments',
] as const;
