/** EPP scenarios: create throughput, check throughput, the landrush and the drop. */
import { row, type BenchRow } from '../bench-report';
import type { BenchContext, Scenario } from '../bench-context';
import { REGISTRARS } from '../bench-env';
import { availableCount, checkXml, closeSession, createXml, openSession, resultCode, type EppSession } from '../epp-load';
import { closedLoop, mapLimit, sleep } from '../load';

/** `perRegistrar` sessions for each of the first `registrars` bench registrars, logged in. */
async function sessions(ctx: BenchContext, registrars: number, perRegistrar: number): Promise<EppSession[]> {
  // Round-robin, so that neighbouring sessions (the racers of one name) belong to different registrars.
  const plan = Array.from({ length: perRegistrar }, () => REGISTRARS.slice(0, registrars)).flat();
  return mapLimit(plan, 50, (r) => openSession(ctx.server.ports.epp, r));
}

async function closeAll(all: EppSession[]): Promise<void> {
  await mapLimit(all, 100, closeSession);
}

/** Every bench registrar's balance equals the sum of its ledger (invariant 3). */
async function ledgersBalanced(ctx: BenchContext): Promise<number> {
  const rows = await ctx.env.query<{ ok: number }>(
    `SELECT count(*)::int AS ok FROM registrars r WHERE r.id = ANY($1) AND r.balance = (SELECT coalesce(sum(amount), 0) FROM ledger_entries l WHERE l.registrar_id = r.id)`,
    [REGISTRARS],
  );
  return rows[0].ok;
}

export const eppCreate: Scenario = {
  name: 'epp-create',
  describe: '8 registrars × 4 TLS sessions create distinct names for the duration',
  async run(ctx) {
    const all = await sessions(ctx, 8, 4);
    const codes = new Map<number, number>();
    const r = await closedLoop(all.length, ctx.durationMs, async (w, i) => {
      const s = all[w];
      const code = resultCode(await s.client.command(createXml(`c${ctx.phase}${w}x${i}.az`, s.registrarId, `c${w}-${i}`)));
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code !== 1000) throw new Error(`create answered ${code}`);
    }, ctx.load);
    await closeAll(all);
    if (r.errors) ctx.log(`epp-create errors: ${JSON.stringify([...codes])} ${r.errorSamples.join('; ')}`);
    const perSecond = (r.ops - r.errors) / r.seconds;
    const p50 = r.latencies.quantile(0.5);
    const p99 = r.latencies.quantile(0.99);
    ctx.measured.set('epp-create', { perSecond, p99, unit: 'creates/s' });
    const pg = await ctx.pgbench(32);
    const echo = await ctx.tlsEcho(32);
    const balanced = await ledgersBalanced(ctx);
    const sqlOnly = await ctx.createSql(32);
    return [
      row('EPP create', 'creates/s (32 sessions)', perSecond, 'creates/s', { baseline: pg.tps, target: '≥ 0.5 × pgbench TPS', met: perSecond >= 0.5 * pg.tps }),
      row('EPP create', 'creates/s vs the create’s SQL alone (pgbench, 32 clients)', perSecond, 'creates/s', { baseline: sqlOnly.tps }),
      row('EPP create', 'the create’s SQL alone vs pgbench TPC-B (the ceiling for the target)', sqlOnly.tps, 'transactions/s', { baseline: pg.tps }),
      row('EPP create', 'p50', p50, 'ms', { baseline: echo.p50 }),
      row('EPP create', 'p99', p99, 'ms', { baseline: echo.p99, target: '< 50 ms', met: p99 < 50 }),
      row('EPP create', 'failed commands', r.errors, 'commands', { target: '= 0', met: r.errors === 0 }),
      row('EPP create', 'registrars whose balance = ledger sum', balanced, 'registrars', { target: `= ${REGISTRARS.length}`, met: balanced === REGISTRARS.length }),
    ];
  },
};

export const eppCheck: Scenario = {
  name: 'epp-check',
  describe: '32 sessions check 10 names per command (5 registered, 5 free)',
  async run(ctx) {
    const all = await sessions(ctx, 8, 4);
    const r = await closedLoop(all.length, ctx.durationMs, async (w, i) => {
      const names = [...Array.from({ length: 5 }, () => ctx.existingName()), ...Array.from({ length: 5 }, (_, k) => `free${w}x${i}y${k}.az`)];
      const response = await all[w].client.command(checkXml(names, `k${w}-${i}`));
      if (resultCode(response) !== 1000) throw new Error(`check answered ${resultCode(response)}`);
      if (availableCount(response) !== 5) throw new Error(`check reported ${availableCount(response)} of 10 available, expected 5`);
    }, ctx.load);
    await closeAll(all);
    const namesPerSecond = ((r.ops - r.errors) * 10) / r.seconds;
    const p99 = r.latencies.quantile(0.99);
    ctx.measured.set('epp-check', { perSecond: namesPerSecond, p99, unit: 'names/s' });
    const echo = await ctx.tlsEcho(32);
    return [
      row('EPP check', 'names/s (32 sessions, 10 per command)', namesPerSecond, 'names/s', { baseline: echo.perSecond * 10, target: '≥ 20,000', met: namesPerSecond >= 20_000 }),
      row('EPP check', 'p50', r.latencies.quantile(0.5), 'ms', { baseline: echo.p50 }),
      row('EPP check', 'p99', p99, 'ms', { baseline: echo.p99 }),
      row('EPP check', 'failed or wrong answers', r.errors, 'commands', { target: '= 0', met: r.errors === 0 }),
    ];
  },
};

/** Sends one command on every session at the same instant; returns each answer's code and time. */
async function atOnce(jobs: Array<{ session: EppSession; xml: string[] }>, at: number): Promise<Array<{ codes: number[]; ms: number[] }>> {
  await sleep(Math.max(0, at - Date.now()));
  const start = performance.now();
  return Promise.all(
    jobs.map(async (j) => {
      const codes: number[] = [];
      const ms: number[] = [];
      for (const xml of j.xml) {
        codes.push(resultCode(await j.session.client.command(xml).catch(() => '')));
        ms.push(performance.now() - start);
      }
      return { codes, ms };
    }),
  );
}

export const landrush: Scenario = {
  name: 'landrush',
  describe: '500 EPP sessions of 10 registrars create one name at the same instant',
  async run(ctx) {
    const all = await sessions(ctx, 10, 50);
    const name = `landrush${ctx.phase}.az`;
    const answers = await atOnce(all.map((s, i) => ({ session: s, xml: [createXml(name, s.registrarId, `lr-${i}`)] })), Date.now() + 300);
    await closeAll(all);
    const codes = answers.map((a) => a.codes[0]);
    const ok = codes.filter((c) => c === 1000).length;
    const exists = codes.filter((c) => c === 2302).length;
    const slowest = Math.max(...answers.map((a) => a.ms[0]));
    const [db] = await ctx.env.query<{ domains: number; debits: number; history: number }>(
      `SELECT (SELECT count(*)::int FROM domains WHERE name = $1) AS domains,
              (SELECT count(*)::int FROM ledger_entries WHERE domain_name = $1 AND kind = 'create') AS debits,
              (SELECT count(*)::int FROM history WHERE object_name = $1 AND action = 'domain.create') AS history`,
      [name],
    );
    const n = all.length;
    return [
      row('Landrush', 'successes (1000)', ok, 'answers', { target: '= 1', met: ok === 1 }),
      row('Landrush', 'object exists (2302)', exists, 'answers', { target: `= ${n - 1}`, met: exists === n - 1 }),
      row('Landrush', 'slowest answer', slowest, 'ms', { target: '< 2000 ms', met: slowest < 2000 }),
      row('Landrush', 'domain rows / debits / history rows', db.domains * 100 + db.debits * 10 + db.history, '111 = 1/1/1', { target: '= 111', met: db.domains === 1 && db.debits === 1 && db.history === 1 }),
    ];
  },
};

export const drop: Scenario = {
  name: 'drop',
  describe: '100 names in pending delete purge at their drop time; 20 racers per name create at that instant',
  async run(ctx) {
    const names = Array.from({ length: 100 }, (_, i) => `drop${ctx.phase}${i}.az`);
    const dropAt = new Date(Date.now() + 8_000);
    const [contact] = await ctx.env.query<{ id: string }>(`SELECT id FROM contacts WHERE registrar_id = 'bench-r01' LIMIT 1`);
    await ctx.env.query(
      `INSERT INTO domains (name, unicode_name, variant_key, zone, registrar_id, registrant_id, statuses, auth_info_hash, created_at, created_by, updated_at, updated_by, expires_at, deleted_at, purge_at)
       SELECT n, n, n, 'az', 'bench-r01', $2, '{pendingDelete}', '!', $3::timestamptz - interval '2 years', 'bench-r01', $3, 'bench-r01', $3::timestamptz - interval '40 days', $3::timestamptz - interval '35 days', $3
         FROM unnest($1::text[]) AS n`,
      [names, contact.id, dropAt],
    );
    const all = await sessions(ctx, 10, 50);
    // 2,000 creates: name k is raced by 20 sessions spread over the registrars; each session sends 4.
    const racers = names.flatMap((name) => Array.from({ length: 20 }, () => name));
    const jobs = all.map((session, i) => ({
      session,
      names: [0, 1, 2, 3].map((k) => racers[(i + k * all.length) % racers.length]),
    }));
    const answers = await atOnce(
      jobs.map((j, i) => ({ session: j.session, xml: j.names.map((n, k) => createXml(n, j.session.registrarId, `dr-${i}-${k}`)) })),
      dropAt.getTime() + 5,
    );
    await closeAll(all);
    const winsByName = new Map<string, number>();
    let exists = 0;
    let other = 0;
    jobs.forEach((j, i) =>
      j.names.forEach((n, k) => {
        const code = answers[i].codes[k];
        if (code === 1000) winsByName.set(n, (winsByName.get(n) ?? 0) + 1);
        else if (code === 2302) exists++;
        else other++;
      }),
    );
    const oneWinner = names.filter((n) => winsByName.get(n) === 1).length;
    const [db] = await ctx.env.query<{ live: number; purged: number }>(
      `SELECT count(*) FILTER (WHERE purged_at IS NULL AND created_at >= $2)::int AS live, count(*) FILTER (WHERE purged_at IS NOT NULL)::int AS purged FROM domains WHERE name = ANY($1)`,
      [names, dropAt],
    );
    const slowest = Math.max(...answers.flatMap((a) => a.ms));
    return [
      row('Drop', 'names with exactly one winner', oneWinner, 'names', { target: '= 100', met: oneWinner === 100 }),
      row('Drop', 'object exists (2302) answers', exists, 'answers', { target: '= 1900', met: exists === 1900 }),
      row('Drop', 'other answers', other, 'answers', { target: '= 0', met: other === 0 }),
      row('Drop', 'new registrations / purged old rows in the DB', db.live * 1000 + db.purged, '100100 = 100/100', { target: '= 100100', met: db.live === 100 && db.purged === 100 }),
      row('Drop', 'slowest answer (4 creates per session)', slowest, 'ms'),
    ];
  },
};
