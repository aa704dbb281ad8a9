/**
 * Public lookups: WHOIS (one query per connection) and RDAP (keep-alive), each against the running
 * azreg (answers cached until a change evicts them) and, as `whois-uncached`/`rdap-uncached`,
 * against a second azreg with the lookup cache off, which measures the database path every
 * uncached answer takes.
 */
import http from 'node:http';
import { row } from '../bench-report';
import type { BenchContext, Scenario } from '../bench-context';
import type { ServerProcess } from '../bench-env';
import { httpGet, whoisQuery } from '../clients';
import { closedLoop } from '../load';

const CLIENTS = 64;

/** The target fields of a row: only the cached variant carries the targets. */
function goal(v: Variant, target: string, met: boolean): { target?: string; met?: boolean } {
  return v.targets ? { target, met } : {};
}

interface Variant {
  name: string;
  label: string;
  server: (ctx: BenchContext) => Promise<ServerProcess>;
  /** Whether the rows carry the targets (the cache-off variant is measured for the scale comparison). */
  targets: boolean;
}

const CACHED: Omit<Variant, 'name' | 'label'> = { server: async (ctx) => ctx.server, targets: true };
const UNCACHED: Omit<Variant, 'name' | 'label'> = { server: (ctx) => ctx.uncachedServer(), targets: false };

function whoisScenario(v: Variant): Scenario {
  return {
    name: v.name,
    describe: `64 concurrent clients, one query for a registered domain per connection${v.targets ? '' : ', lookup cache off'}`,
    async run(ctx) {
      const server = await v.server(ctx);
      const r = await closedLoop(CLIENTS, ctx.durationMs, async () => {
        const answer = await whoisQuery(server.ports.whois, ctx.existingName());
        if (!answer.includes('Domain Name:')) throw new Error(`unexpected WHOIS answer: ${answer.slice(0, 120)}`);
      }, ctx.load);
      const perSecond = (r.ops - r.errors) / r.seconds;
      const p99 = r.latencies.quantile(0.99);
      ctx.measured.set(v.name, { perSecond, p99, unit: 'queries/s' });
      const echo = await ctx.tcpEcho(CLIENTS);
      return [
        row(v.label, 'queries/s (64 clients)', perSecond, 'queries/s', { baseline: echo.perSecond, ...goal(v, '≥ 5,000', perSecond >= 5000) }),
        row(v.label, 'p50', r.latencies.quantile(0.5), 'ms', { baseline: echo.p50 }),
        row(v.label, 'p99', p99, 'ms', { baseline: echo.p99, ...goal(v, '< 20 ms', p99 < 20) }),
        row(v.label, 'failed queries', r.errors, 'queries', { target: '= 0', met: r.errors === 0 }),
      ];
    },
  };
}

function rdapScenario(v: Variant): Scenario {
  return {
    name: v.name,
    describe: `64 keep-alive connections GET /rdap/domain/<registered name>${v.targets ? '' : ', lookup cache off'}`,
    async run(ctx) {
      const server = await v.server(ctx);
      const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
      const r = await closedLoop(CLIENTS, ctx.durationMs, async () => {
        const res = await httpGet(agent, server.ports.http, `/rdap/domain/${ctx.existingName()}`);
        if (res.status !== 200) throw new Error(`RDAP answered ${res.status}: ${res.body.slice(0, 120)}`);
      }, ctx.load);
      agent.destroy();
      const perSecond = (r.ops - r.errors) / r.seconds;
      const p99 = r.latencies.quantile(0.99);
      ctx.measured.set(v.name, { perSecond, p99, unit: 'requests/s' });
      const echo = await ctx.httpHello(CLIENTS);
      const rows = [
        row(v.label, 'requests/s (64 keep-alive clients)', perSecond, 'requests/s', { baseline: echo.perSecond, ...goal(v, '≥ 5,000', perSecond >= 5000) }),
        row(v.label, 'p50', r.latencies.quantile(0.5), 'ms', { baseline: echo.p50 }),
        row(v.label, 'p99', p99, 'ms', { baseline: echo.p99 }),
      ];
      if (v.targets) {
        const redis = await ctx.redisGet();
        rows.push(row(v.label, 'requests/s vs redis-benchmark GET (a cached read’s ceiling)', perSecond, 'requests/s', { baseline: redis.perSecond }));
      }
      rows.push(row(v.label, 'failed requests', r.errors, 'requests', { target: '= 0', met: r.errors === 0 }));
      return rows;
    },
  };
}

export const whois = whoisScenario({ name: 'whois', label: 'WHOIS', ...CACHED });
export const rdap = rdapScenario({ name: 'rdap', label: 'RDAP', ...CACHED });
export const whoisUncached = whoisScenario({ name: 'whois-uncached', label: 'WHOIS, cache off', ...UNCACHED });
export const rdapUncached = rdapScenario({ name: 'rdap-uncached', label: 'RDAP, cache off', ...UNCACHED });
