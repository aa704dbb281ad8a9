import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RegistryStatsService } from '../../src/admin/stats/registry-stats.service';
import { DeleteDomainHandler } from '../../src/registry/domains/commands/delete-domain.handler';
import { RenewDomainHandler } from '../../src/registry/domains/commands/renew-domain.handler';
import { TransferDomainHandler } from '../../src/registry/domains/commands/transfer-domain.handler';
import { newContact, newRegistrar, queryOne, registrarActor, startTestApp, type TestApp } from '../support/test-app';
import { createDomain } from '../handlers/handler-helpers';
import { signedInAgent, type Agent } from './admin-helpers';

/** The numbers of one row of a table with `id` (after its header cell). */
function tableRow(html: string, tableId: string, rowHeader: string): number[] {
  const table = new RegExp(`<table id="${tableId}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const row = new RegExp(`<th scope="row">${rowHeader.replace(/\./g, '\\.')}</th>((?:<td class="num">[^<]*</td>)+)`).exec(table);
  assert.ok(row, `row ${rowHeader} in #${tableId}`);
  return [...row[1].matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => Number(m[1]));
}

function totals(html: string): Record<string, number> {
  return Object.fromEntries([...html.matchAll(/data-total="(\w+)">(\d+)</g)].map((m) => [m[1], Number(m[2])]));
}

describe('admin console: statistics and the public summary', () => {
  let t: TestApp;
  let agent: Agent;
  const AUTH = 'Stat-Code-2026!';
  before(async () => {
    t = await startTestApp({ roles: ['api'], clockStart: '2026-03-01T09:00:00Z' });
    ({ agent } = await signedInAgent(t, 'stats@nic.az'));
    await newRegistrar(t, 'stat-a');
    await newRegistrar(t, 'stat-b');
    await newContact(t, 'stat-a', 'STAT-SECRET-1');
    await newContact(t, 'stat-b', 'STAT-SECRET-2');
    // 1 March: three registrations (two at A in .az, one at B in com.az).
    await createDomain(t, 'stat-a', 'birinci.az', 'STAT-SECRET-1', { authInfo: AUTH });
    await createDomain(t, 'stat-a', 'ikinci.az', 'STAT-SECRET-1');
    await createDomain(t, 'stat-b', 'ucuncu.com.az', 'STAT-SECRET-2');
    // 3 March: a renewal at A, a delete at B, a transfer request A → B.
    t.clock.set('2026-03-03T12:00:00Z');
    const exp = (await queryOne<{ d: string }>(t, `SELECT to_char(expires_at, 'YYYY-MM-DD') AS d FROM domains WHERE name = 'ikinci.az'`)).d;
    await t.run(RenewDomainHandler, registrarActor('stat-a'), { name: 'ikinci.az', registrarId: 'stat-a', currentExpiryDate: exp, years: 1 });
    await t.run(DeleteDomainHandler, registrarActor('stat-b'), { name: 'ucuncu.com.az', registrarId: 'stat-b' });
    await t.run(TransferDomainHandler, registrarActor('stat-b'), { op: 'request', name: 'birinci.az', registrarId: 'stat-b', authInfo: AUTH });
    // 4 March: A approves: one transfer, counted for B (the gaining registrar).
    t.clock.set('2026-03-04T08:00:00Z');
    await t.run(TransferDomainHandler, registrarActor('stat-a'), { op: 'approve', name: 'birinci.az', registrarId: 'stat-a' });
  });
  after(async () => t.close());

  it('the numbers equal the database: totals, by day, by zone and by registrar', async () => {
    const html = (await agent.get('/admin/stats?from=2026-03-01&to=2026-03-05&granularity=day').expect(200)).text;
    const direct = {
      registrations: Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM domains WHERE created_at >= '2026-03-01' AND created_at < '2026-03-06'`)).n),
      renewals: Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM ledger_entries WHERE kind IN ('renew', 'auto_renew')`)).n),
      deletions: Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM history WHERE action IN ('domain.delete', 'domain.expired')`)).n),
      transfers: Number((await queryOne<{ n: string }>(t, `SELECT count(*) AS n FROM domain_transfers WHERE status IN ('clientApproved', 'serverApproved')`)).n),
    };
    assert.deepEqual(direct, { registrations: 3, renewals: 1, deletions: 1, transfers: 1 });
    assert.deepEqual(totals(html), direct);
    // Columns: registrations, renewals, deletions, transfers.
    assert.deepEqual(tableRow(html, 'by-zone', '.az'), [2, 1, 0, 1]);
    assert.deepEqual(tableRow(html, 'by-zone', '.com.az'), [1, 0, 1, 0]);
    assert.deepEqual(tableRow(html, 'by-registrar', 'stat-a'), [2, 1, 0, 0]);
    assert.deepEqual(tableRow(html, 'by-registrar', 'stat-b'), [1, 0, 1, 1]);
    const series = (await t.get(RegistryStatsService).compute(t.get(RegistryStatsService).period(t.clock.now(), { from: '2026-03-01', to: '2026-03-05' }))).series;
    assert.deepEqual(series.map((s) => [s.bucket, s.registrations, s.renewals, s.deletions, s.transfers]), [
      ['2026-03-01', 3, 0, 0, 0], ['2026-03-02', 0, 0, 0, 0], ['2026-03-03', 0, 1, 1, 0], ['2026-03-04', 0, 0, 0, 1], ['2026-03-05', 0, 0, 0, 0],
    ]);
    // Charts are accessible SVG: role img, a title and a description, one bar per day.
    assert.match(html, /<svg class="chart" role="img" aria-labelledby="chart-registrations-t chart-registrations-d"/);
    const svg = html.split('aria-labelledby="chart-registrations-t')[1].split('</svg>')[0];
    assert.equal(svg.match(/<rect /g)?.length, 5);
    assert.match(svg, /<title>2026-03-01: 3<\/title>/);
    // By month: March holds everything.
    const month = (await agent.get('/admin/stats?from=2026-01-01&to=2026-03-31&granularity=month').expect(200)).text;
    assert.deepEqual(totals(month), direct);
    // Bad periods are refused clearly.
    assert.equal((await agent.get('/admin/stats?from=2026-02-30&to=2026-03-05')).status, 422);
    assert.equal((await agent.get('/admin/stats?from=2020-01-01&to=2026-03-05&granularity=day')).status, 422);
  });

  it('dispute statistics are guarded: the section renders whether or not the disputes tables have rows', async () => {
    const html = (await agent.get('/admin/stats?from=2026-03-01&to=2026-03-05').expect(200)).text;
    assert.match(html, /<table id="disputes">/);
    assert.match(html, /No disputes closed in this period|Bu dövrdə bağlanmış mübahisə yoxdur|chart-disputes-t/);
  });

  it('the public page shows the same aggregates without any personal data, names or cookies', async () => {
    const res = await request(t.http).get('/stats?from=2026-03-01&to=2026-03-05&granularity=day&lang=en').expect(200);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(res.headers['content-security-policy'], /script-src 'none'/);
    assert.match(res.text, /<html lang="en">/);
    assert.deepEqual(totals(res.text), { registrations: 3, renewals: 1, deletions: 1, transfers: 1 });
    const contacts: Array<{ handle: string; name: string; email: string; voice: string }> = await t.dataSource.query(`SELECT handle, name, email, voice FROM contacts`);
    for (const c of contacts) for (const v of [c.handle, c.name, c.email, c.voice]) assert.ok(!res.text.includes(v), `no ${v} on the public page`);
    for (const name of ['birinci', 'ikinci', 'ucuncu', 'stats@nic.az']) assert.ok(!res.text.includes(name), `no ${name} on the public page`);
    const az = await request(t.http).get('/stats').expect(200);
    assert.match(az.text, /<html lang="az">/);
    assert.equal((await request(t.http).get('/stats?from=nonsense')).status, 400);
  });

  it('statistics are for administrators and officers; experts and anonymous visitors are kept out', async () => {
    const { agent: expert } = await signedInAgent(t, 'expert-stats@nic.az', ['expert']);
    assert.equal((await expert.get('/admin/stats')).status, 403);
    const { agent: officer } = await signedInAgent(t, 'officer-stats@nic.az', ['officer']);
    assert.equal((await officer.get('/admin/stats')).status, 200);
    assert.equal((await request(t.http).get('/admin/stats')).status, 303);
  });
});
