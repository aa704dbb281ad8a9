/** Public lookups: WHOIS (one query per connection) and RDAP (keep-alive). */
import http from 'node:http';
import { row } from '../bench-report';
import type { Scenario } from '../bench-context';
import { httpGet, whoisQuery } from '../clients';
import { closedLoop } from '../load';

const CLIENTS = 64;

export const whois: Scenario = {
  name: 'whois',
  describe: '64 concurrent clients, one query for a registered domain per connection',
  async run(ctx) {
    const r = await closedLoop(CLIENTS, ctx.durationMs, async () => {
      const answer = await whoisQuery(ctx.server.ports.whois, ctx.existingName());
      if (!answer.includes('Domain Name:')) throw new Error(`unexpected WHOIS answer: ${answer.slice(0, 120)}`);
    });
    const perSecond = (r.ops - r.errors) / r.seconds;
    const p99 = r.latencies.quantile(0.99);
    ctx.measured.set('whois', { perSecond, p99, unit: 'queries/s' });
    const echo = await ctx.tcpEcho(CLIENTS);
    return [
      row('WHOIS', 'queries/s (64 clients)', perSecond, 'queries/s', { baseline: echo.perSecond, target: '≥ 5,000', met: perSecond >= 5000 }),
      row('WHOIS', 'p50', r.latencies.quantile(0.5), 'ms', { baseline: echo.p50 }),
      row('WHOIS', 'p99', p99, 'ms', { baseline: echo.p99, target: '< 20 ms', met: p99 < 20 }),
      row('WHOIS', 'failed queries', r.errors, 'queries', { target: '= 0', met: r.errors === 0 }),
    ];
  },
};

export const rdap: Scenario = {
  name: 'rdap',
  describe: '64 keep-alive connections GET /rdap/domain/<registered name>',
  async run(ctx) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const r = await closedLoop(CLIENTS, ctx.durationMs, async () => {
      const res = await httpGet(agent, ctx.server.ports.http, `/rdap/domain/${ctx.existingName()}`);
      if (res.status !== 200) throw new Error(`RDAP answered ${res.status}: ${res.body.slice(0, 120)}`);
    });
    agent.destroy();
    const perSecond = (r.ops - r.errors) / r.seconds;
    const p99 = r.latencies.quantile(0.99);
    ctx.measured.set('rdap', { perSecond, p99, unit: 'requests/s' });
    const echo = await ctx.httpHello(CLIENTS);
    const redis = await ctx.redisGet();
    return [
      row('RDAP', 'requests/s (64 keep-alive clients)', perSecond, 'requests/s', { baseline: echo.perSecond, target: '≥ 5,000', met: perSecond >= 5000 }),
      row('RDAP', 'p50', r.latencies.quantile(0.5), 'ms', { baseline: echo.p50 }),
      row('RDAP', 'p99', p99, 'ms', { baseline: echo.p99 }),
      row('RDAP', 'requests/s vs redis-benchmark GET (a cached read’s ceiling)', perSecond, 'requests/s', { baseline: redis.perSecond }),
      row('RDAP', 'failed requests', r.errors, 'requests', { target: '= 0', met: r.errors === 0 }),
    ];
  },
};
