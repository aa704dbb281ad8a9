import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { cacheStatements } from '../../../src/infrastructure/database/statement-cache';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** The per-connection statement cache against real PostgreSQL: what it prepares and how it recovers. */
describe('statement cache', () => {
  let db: TestDatabase;
  let client: Client;
  // pg_prepared_statements is per session: ask on the same connection.
  const preparedNames = async () =>
    (await client.query(`SELECT name FROM pg_prepared_statements`)).rows.map((r: { name: string }) => r.name);

  before(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    cacheStatements(client);
    await client.query(`CREATE TABLE cache_probe (id int PRIMARY KEY, a text)`);
    await client.query(`INSERT INTO cache_probe VALUES (1, 'x')`);
  });
  after(async () => {
    await client.end();
    await db.drop();
  });

  it('prepares a parameterised statement once and reuses it; parameterless ones stay unnamed', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await client.query(`SELECT a FROM cache_probe WHERE id = $1`, [1])).rows[0].a, 'x');
    await client.query(`SELECT 1`);
    const names = await preparedNames();
    assert.equal(names.filter((n) => n.startsWith('azreg_')).length, 1);
  });

  it('prepares the callback form too (pg-pool\'s pool.query uses it)', async () => {
    const before = (await preparedNames()).length;
    const row = await new Promise<{ a: string }>((resolve, reject) =>
      client.query(`SELECT a FROM cache_probe WHERE id = $1 AND a IS NOT NULL`, [1], (error: Error | null, result: { rows: Array<{ a: string }> }) =>
        error ? reject(error) : resolve(result.rows[0]),
      ),
    );
    assert.equal(row.a, 'x');
    assert.equal((await preparedNames()).length, before + 1);
  });

  it('a column added under a prepared SELECT * fails that statement once, then it is prepared afresh', async () => {
    assert.deepEqual((await client.query(`SELECT * FROM cache_probe WHERE id = $1`, [1])).rows[0], { id: 1, a: 'x' });
    await client.query(`ALTER TABLE cache_probe ADD COLUMN b int DEFAULT 7`);
    await assert.rejects(client.query(`SELECT * FROM cache_probe WHERE id = $1`, [1]), /cached plan must not change result type/);
    assert.deepEqual((await client.query(`SELECT * FROM cache_probe WHERE id = $1`, [1])).rows[0], { id: 1, a: 'x', b: 7 });
    assert.equal((await client.query(`SELECT a FROM cache_probe WHERE id = $1`, [1])).rows[0].a, 'x', 'other statements keep working');
  });
});
