/**
 * Hold storm through the panel's own path (POST /cart/add → PlaceHoldHandler): 100 logged-in
 * accounts place 1,000 holds on 100 names (10 accounts per name) at once. Exactly one holder per
 * name; then the zone's one-minute hold expires and the worker (started for this scenario) must
 * release every hold.
 */
import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import { row } from '../bench-report';
import type { Scenario } from '../bench-context';
import { csrfOf, FormClient } from '../clients';
import { mapLimit, sleep } from '../load';

const ACCOUNTS = 100;
const NAMES = 100;
const PASSWORD = 'bench-account-pw-1';
/** pro.az is set to one-minute holds by the bench (BenchEnv.create). */
export const HOLD_ZONE = 'pro.az';

export const holdStorm: Scenario = {
  name: 'hold-storm',
  describe: '1,000 panel holds (100 accounts) on 100 names at once; then expiry releases them all',
  async run(ctx) {
    const tag = `${ctx.phase}${Date.now() % 100000}`;
    // Accounts as sign-up + verification would leave them; a cheap argon2id hash so 100 logins are quick.
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const ids = Array.from({ length: ACCOUNTS }, () => randomUUID());
    await ctx.env.query(
      `INSERT INTO registrant_accounts (id, email, password_hash, email_verified_at, created_at, updated_at)
       SELECT id, 'hs' || $2 || '-' || ord || '@bench.example', $3, now(), now(), now() FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, ord)`,
      [ids, tag, hash],
    );
    const clients = await mapLimit(ids, 10, async (_, i) => {
      const c = new FormClient(ctx.server.ports.http, `10.77.${i}.1`);
      const page = await c.request('GET', '/panel/login');
      const login = await c.request('POST', '/panel/login', { email: `hs${tag}-${i + 1}@bench.example`, password: PASSWORD, next: '/cart', _csrf: csrfOf(page.body) });
      if (login.status !== 303) throw new Error(`panel login answered ${login.status}`);
      const cart = await c.request('GET', '/cart');
      return { client: c, csrf: csrfOf(cart.body) };
    });
    const names = Array.from({ length: NAMES }, (_, j) => `hold${tag}x${j}.${HOLD_ZONE}`);
    // Account a asks for the 10 names j ≡ a (mod 10): every name gets 10 different accounts.
    const attempts = clients.flatMap((c, a) => Array.from({ length: 10 }, (_, k) => ({ c, accountId: ids[a], name: names[(a % 10) + 10 * k] })));
    attempts.sort(() => Math.random() - 0.5);
    const t0 = performance.now();
    const statuses = await Promise.all(attempts.map(async ({ c, name }) => (await c.client.request('POST', '/cart/add', { name, _csrf: c.csrf })).status));
    const winners = new Map<string, string[]>();
    attempts.forEach((a, i) => statuses[i] === 303 && winners.set(a.name, [...(winners.get(a.name) ?? []), a.accountId]));
    const stormMs = performance.now() - t0;
    for (const c of clients) c.client.close();
    const granted = statuses.filter((s) => s === 303).length;
    const refused = statuses.filter((s) => s === 409).length;
    const holds = await ctx.env.query<{ name: string; owner_id: string; owner_type: string; expires_at: Date }>(
      `SELECT name, owner_id, owner_type, expires_at FROM name_holds WHERE name = ANY($1)`,
      [names],
    );
    // One row per name (the table's key is the variant bundle), held by the one account that was answered 303.
    const oneHolder = holds.filter((h) => h.owner_type === 'account' && winners.get(h.name)?.length === 1 && winners.get(h.name)![0] === h.owner_id).length;
    const db = { names: holds.length, expires: holds.reduce<Date | null>((m, h) => (!m || h.expires_at > m ? h.expires_at : m), null) };
    ctx.log(`hold storm: ${granted} granted, ${refused} refused (409), other statuses ${JSON.stringify(statuses.filter((s) => s !== 303 && s !== 409).slice(0, 5))}, in ${stormMs.toFixed(0)} ms; waiting for expiry at ${db.expires?.toISOString()}`);

    // Expiry: the worker's hold.expire jobs (and its sweep) delete the rows.
    const worker = await ctx.env.startServer('worker');
    let left = db.names;
    let releasedAfterMs = Number.NaN;
    const deadline = (db.expires ? db.expires.getTime() : Date.now()) + 90_000;
    while (Date.now() < deadline) {
      [{ left }] = await ctx.env.query<{ left: number }>(`SELECT count(*)::int AS left FROM name_holds WHERE name = ANY($1)`, [names]);
      if (left === 0) {
        releasedAfterMs = Date.now() - (db.expires?.getTime() ?? Date.now());
        break;
      }
      await sleep(500);
    }
    await worker.stop();
    return [
      row('Hold storm', 'holds granted (303)', granted, 'holds', { target: `= ${NAMES}`, met: granted === NAMES }),
      row('Hold storm', 'refused as held by another buyer (409)', refused, 'holds', { target: `= ${ACCOUNTS * 10 - NAMES}`, met: refused === ACCOUNTS * 10 - NAMES }),
      row('Hold storm', 'names held in the DB by the one account answered 303', oneHolder, 'names', { target: `= ${NAMES}`, met: oneHolder === NAMES }),
      row('Hold storm', '1,000 hold requests answered in', stormMs, 'ms'),
      row('Hold storm', 'holds left after expiry', left, 'holds', { target: '= 0', met: left === 0 }),
      row('Hold storm', 'last hold released after expiry', releasedAfterMs, 'ms'),
    ];
  },
};
