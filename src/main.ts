import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './app.factory';
import { DEMO_CONSOLE_USERS, DEMO_REGISTRARS, loadBaseData, loadDemoData } from './demo/demo-data';
import { assertRedisReachable, openDatabase, StartupError } from './infrastructure/bootstrap';

/**
 * `npm start`: validate the environment, make sure Redis and PostgreSQL are there (starting an
 * embedded PostgreSQL when DATABASE_URL is unset), migrate, load demo data if asked, start the
 * configured roles, print what is served where.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await assertRedisReachable(config.REDIS_URL);
  const { dataSource, embedded } = await openDatabase(config);
  const now = new Date();
  await loadBaseData(dataSource, now);
  if (config.DEMO_DATA) await loadDemoData(dataSource, now);

  const app = await createApp({ config, dataSource });
  const roles = config.roles;
  if (roles.has('api')) await app.listen(config.PORT, config.HOST);
  else await app.init();

  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const lines = [`azreg is running (roles: ${[...roles].join(', ')})`];
  if (roles.has('api')) {
    lines.push(`  REST API      http://${host}:${config.PORT}/api/v1`);
    lines.push(`  OpenAPI       http://${host}:${config.PORT}/api/docs  (JSON: /api/docs-json)`);
    lines.push(`  health        http://${host}:${config.PORT}/healthz  /readyz  /metrics`);
  }
  if (roles.has('epp')) lines.push(`  EPP           ${host}:${config.EPP_PORT} (TLS; try: npm run -s cli -- epp hello)`);
  if (roles.has('whois')) lines.push(`  WHOIS         ${host}:${config.WHOIS_PORT} (try: whois -h ${host} -p ${config.WHOIS_PORT} example.az)`);
  if (roles.has('api')) lines.push(`  console       http://${host}:${config.PORT}/admin   public statistics http://${host}:${config.PORT}/stats`);
  if (roles.has('api')) lines.push(`  RDAP          http://${host}:${config.PORT}/rdap/help   web WHOIS http://${host}:${config.PORT}/whois   drops http://${host}:${config.PORT}/drops`);
  if (roles.has('worker')) lines.push('  worker        BullMQ: hold expiry, lifecycle scan, DNS publication, mail, escrow');
  lines.push(`  database      ${embedded ? `embedded PostgreSQL (${config.DATA_DIR}/postgres)` : 'DATABASE_URL'}`);
  if (config.DEMO_DATA) {
    lines.push('demo credentials (DEMO_DATA=false turns these off):');
    for (const r of DEMO_REGISTRARS) lines.push(`  registrar ${r.id}: password ${r.password}, API key ${r.apiKey}`);
    for (const u of DEMO_CONSOLE_USERS) lines.push(`  console ${u.roles.join(',')}: ${u.email} / ${u.password}  (http://${host}:${config.PORT}/admin; enrol TOTP at first sign-in)`);
    lines.push(`try: curl -s -H 'Authorization: Bearer ${DEMO_REGISTRARS[0].apiKey}' -H 'Content-Type: application/json' -d '{"names":["example.az","şəki.az"]}' http://${host}:${config.PORT}/api/v1/domains/check`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`azreg: ${signal} received, shutting down\n`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // Nest's own enableShutdownHooks() is not used: it re-raises the signal (exit 143) before the
  // embedded PostgreSQL is stopped. app.close() still runs every onApplicationShutdown hook.
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`azreg: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
