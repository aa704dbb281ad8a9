import assert from 'node:assert/strict';
import { RegistryError } from '../../src/common/registry-errors';
import { CreateDomainHandler, type CreateDomainInput, type CreateDomainResult } from '../../src/registry/domains/commands/create-domain.handler';
import { queryOne, registrarActor, type TestApp } from '../support/test-app';

/** Shared by the handler tests: typed-error matchers, DB probes, a create shortcut. */

type ErrorClass = abstract new (...args: never[]) => RegistryError;

/**
 * For `assert.rejects`: the error is an instance of `cls`, carries EPP `code` and (when given)
 * `reason`. Fails with the error's own message so a wrong error is easy to read.
 */
export function registryError(cls: ErrorClass, code: number, reason?: string): (e: unknown) => true {
  return (e: unknown) => {
    assert.ok(e instanceof RegistryError, `expected ${cls.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.name} (${e.code} ${e.reason}): ${e.message}`);
    assert.equal(e.code, code, `EPP code of ${e.name}: ${e.message}`);
    if (reason !== undefined) assert.equal(e.reason, reason, `reason of ${e.name}: ${e.message}`);
    return true;
  };
}

export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const row = await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM (${sql}) AS q`, params);
  return Number(row.n);
}

export async function balanceOf(t: TestApp, registrarId: string): Promise<number> {
  const row = await queryOne<{ balance: string }>(t, `SELECT balance FROM registrars WHERE id = $1`, [registrarId]);
  return Number(row.balance);
}

export async function ledgerCount(t: TestApp, registrarId: string): Promise<number> {
  return count(t, `SELECT 1 FROM ledger_entries WHERE registrar_id = $1`, [registrarId]);
}

export async function historyCount(t: TestApp): Promise<number> {
  return count(t, `SELECT 1 FROM history`);
}

/** The live domain row exactly as PostgreSQL renders it (every column), for before/after equality. */
export async function domainRowText(t: TestApp, name: string): Promise<string> {
  const row = await queryOne<{ r: string }>(t, `SELECT d::text AS r FROM domains d WHERE name = $1 AND purged_at IS NULL`, [name]);
  assert.ok(row, `no live domain ${name}`);
  return row.r;
}

export async function createDomain(
  t: TestApp,
  registrarId: string,
  name: string,
  registrant: string,
  extra: Partial<CreateDomainInput> = {},
): Promise<CreateDomainResult> {
  return t.run(CreateDomainHandler, registrarActor(registrarId), {
    name,
    registrarId,
    years: 1,
    registrant,
    holder: { type: 'registrar', id: registrarId },
    ...extra,
  });
}

export const DAY = 86_400_000;

/** `at` plus whole calendar years (UTC), as the registry computes expiry dates. */
export function plusYears(at: Date | string, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}
