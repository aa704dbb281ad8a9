import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { WriteBatch } from '../../../src/infrastructure/database/write-batch';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** Several writes as one statement, against real PostgreSQL. */
describe('WriteBatch', () => {
  let db: TestDatabase;
  let ds: DataSource;

  before(async () => {
    db = await createTestDatabase();
    ds = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await ds.query(`CREATE TABLE wb_account (id text PRIMARY KEY, balance bigint NOT NULL)`);
    await ds.query(`CREATE TABLE wb_log (id bigserial PRIMARY KEY, note text NOT NULL, amount bigint)`);
  });
  after(async () => {
    await ds.destroy();
    await db.drop();
  });

  const notes = async () => (await ds.query(`SELECT note FROM wb_log ORDER BY note`)).map((r: { note: string }) => r.note);

  it('runs every part once in one statement, numbers the parameters across parts and returns each output', async () => {
    await ds.query(`INSERT INTO wb_account VALUES ('a', 100)`);
    const batch = new WriteBatch();
    batch.add('log', `INSERT INTO wb_log (note) VALUES (${batch.param('first')})`);
    const update = batch.add('take', `UPDATE wb_account SET balance = balance - ${batch.param(30)} WHERE id = ${batch.param('a')} RETURNING balance`);
    const logged = batch.add('log', `INSERT INTO wb_log (note, amount) SELECT ${batch.param('second')}, balance FROM ${update} RETURNING amount`);
    const column = batch.output('left', `(SELECT amount FROM ${logged})`);
    let result: unknown;
    batch.onResult((row) => (result = row[column]));
    await ds.transaction((m) => batch.run(m));
    assert.equal(String(result), '70');
    assert.deepEqual(await notes(), ['first', 'second']);
    assert.equal((await ds.query(`SELECT balance FROM wb_account WHERE id = 'a'`))[0].balance, '70');
  });

  it('the same parts give the same text (so the statement cache prepares it once), whatever the values', async () => {
    const texts: string[] = [];
    for (const v of ['x', 'y']) {
      const batch = new WriteBatch();
      batch.add('log', `INSERT INTO wb_log (note) VALUES (${batch.param(v)})`);
      const manager = { query: async (text: string, values: unknown[]) => (texts.push(text), ds.query(text, values)) };
      await batch.run(manager as never);
    }
    assert.equal(texts[0], texts[1]);
  });

  it('a conditional part that matches nothing gives null, and rolling back undoes every part', async () => {
    const before = await notes();
    const batch = new WriteBatch();
    batch.add('log', `INSERT INTO wb_log (note) VALUES (${batch.param('rolled back')})`);
    const update = batch.add('take', `UPDATE wb_account SET balance = balance - ${batch.param(1000)} WHERE id = 'a' AND balance >= ${batch.param(1000)} RETURNING balance`);
    const column = batch.output('left', `(SELECT balance FROM ${update})`);
    let result: unknown = 'unset';
    batch.onResult((row) => (result = row[column]));
    await assert.rejects(
      ds.transaction(async (m) => {
        await batch.run(m);
        if (result === null) throw new Error('short');
      }),
      /short/,
    );
    assert.equal(result, null);
    assert.deepEqual(await notes(), before);
  });

  it('an empty batch sends nothing', async () => {
    let sent = 0;
    await new WriteBatch().run({ query: async () => void sent++ } as never);
    assert.equal(sent, 0);
  });
});
