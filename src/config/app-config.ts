import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

export const ROLE_NAMES = ['api', 'epp', 'whois', 'worker'] as const;
export type Role = (typeof ROLE_NAMES)[number];

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value; // left as a string so that @IsBoolean reports it
};

/**
 * The process environment, validated once at boot. Nothing else in azreg reads `process.env`.
 * Every setting has a working default so that `npm start` runs with no configuration at all.
 */
export class AppConfig {
  @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  PORT = 3000;

  @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  EPP_PORT = 7000;

  @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  WHOIS_PORT = 4343;

  /** Address the TCP/HTTP servers bind to. */
  @IsString()
  HOST = '0.0.0.0';

  /** Unset: `npm start` runs an embedded PostgreSQL with its data under `DATA_DIR/postgres`. */
  @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsInt() @Min(1) @Max(200) @Transform(toInt)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Comma-separated subset of api,epp,whois,worker, or `all`. */
  @IsString()
  ROLES = 'all';

  /** Load demo registrars and an admin on start (idempotent). Defaults to false when NODE_ENV=production. */
  @IsBoolean() @Transform(toBool)
  DEMO_DATA = true;

  @IsBoolean() @Transform(toBool)
  MIGRATIONS_RUN = true;

  @IsString()
  DATA_DIR = '.data';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  /** Prefix for every Redis key azreg writes (queues, caches), so deployments or test runs can share a Redis. */
  @IsString()
  REDIS_PREFIX = 'azreg';

  /** Checkout hold length when a zone does not override it. */
  @IsInt() @Min(1) @Max(1440) @Transform(toInt)
  HOLD_MINUTES = 15;

  /** PEM files for the EPP TLS server; unset → a development certificate is generated under DATA_DIR/tls. */
  @IsOptional() @IsString()
  EPP_TLS_CERT?: string;

  @IsOptional() @IsString()
  EPP_TLS_KEY?: string;

  /** PEM bundle of CAs whose client certificates registrars must present (unset: no client-certificate check). */
  @IsOptional() @IsString()
  EPP_CLIENT_CA?: string;

  /** Largest EPP frame accepted (RFC 5734 total length, header included); larger frames are refused and the connection closed. */
  @IsInt() @Min(1024) @Max(16 * 1024 * 1024) @Transform(toInt)
  EPP_MAX_FRAME_BYTES = 65_536;

  @IsInt() @Min(1) @Max(86_400) @Transform(toInt)
  EPP_IDLE_TIMEOUT_SECONDS = 600;

  @IsInt() @Min(1) @Max(1000) @Transform(toInt)
  EPP_MAX_SESSIONS_PER_REGISTRAR = 8;

  /** Failed logins per registrar (and per source address) before a temporary lock-out. */
  @IsInt() @Min(1) @Max(100) @Transform(toInt)
  EPP_LOGIN_MAX_FAILURES = 5;

  @IsInt() @Min(1) @Max(86_400) @Transform(toInt)
  EPP_LOGIN_LOCKOUT_SECONDS = 900;

  /** Public lookups (WHOIS, web WHOIS, RDAP) allowed per client IP per minute, shared across the three. */
  @IsInt() @Min(1) @Max(1_000_000) @Transform(toInt)
  LOOKUP_RATE_LIMIT_PER_MINUTE = 120;

  /**
   * How long a process may keep a registered domain's public lookup (WHOIS, RDAP) in memory. Every
   * committed change evicts it at once through PostgreSQL notifications (see LookupCache); the
   * limit only bounds what nothing announces. 0 turns the cache off.
   */
  @IsInt() @Min(0) @Max(3_600) @Transform(toInt)
  LOOKUP_CACHE_SECONDS = 60;

  /** Comma-separated CIDRs exempt from the lookup rate limit (monitoring, law enforcement gateways). */
  @IsString()
  LOOKUP_RATE_LIMIT_EXEMPT = '';

  @IsInt() @Min(1) @Max(10_000) @Transform(toInt)
  WHOIS_MAX_CONNECTIONS = 500;

  @IsInt() @Min(100) @Max(60_000) @Transform(toInt)
  WHOIS_READ_TIMEOUT_MS = 5_000;

  /** Where zone files are published (one `<zone>.zone` per zone, written atomically). Default DATA_DIR/zones. */
  @IsOptional() @IsString()
  ZONE_DIR?: string;

  /** Run after a zone file is replaced; `{zone}` is substituted (e.g. `rndc reload {zone}`). Empty: none. */
  @IsString()
  ZONE_RELOAD_COMMAND = '';

  /** The registry's own name servers, published as the NS set of every zone apex. */
  @IsString()
  DNS_ZONE_NAMESERVERS = 'ns1.nic.az,ns2.nic.az';

  @IsString()
  DNS_HOSTMASTER = 'hostmaster.nic.az';

  /** Escrow deposits directory. Default DATA_DIR/escrow. */
  @IsOptional() @IsString()
  ESCROW_DIR?: string;

  /** When set, deposits are signed and encrypted for this GPG key id (gpg must be installed). */
  @IsOptional() @IsString()
  ESCROW_GPG_RECIPIENT?: string;

  /** SMTP URL for outgoing mail (smtp://user:pw@host:587). Unset: mails are written as files under DATA_DIR/mail. */
  @IsOptional() @IsString()
  MAIL_SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'azreg <no-reply@nic.az>';

  /** Names a registrar may check per minute (REST and EPP together; invariant 4: checks are rate-limited per client). */
  @IsInt() @Min(1) @Max(100_000_000) @Transform(toInt)
  CHECK_RATE_LIMIT_PER_MINUTE = 120_000;

  /** Public base URL of the web surface (links in mails, payment return URLs). */
  @IsString()
  PUBLIC_URL = 'http://127.0.0.1:3000';

  /** Secret for signing payment callbacks and panel cookies. Unset in development: a fixed dev value (warned). */
  @IsOptional() @IsString()
  APP_SECRET?: string;

  /** Dispute fees in AZN (src/disputes/dispute-fees.ts): every kind once, `kind=amount` comma-separated. */
  @Matches(/^(summary|expert|appeal|appeal-deposit)=\d{1,6}(\.\d{1,2})?(,(summary|expert|appeal|appeal-deposit)=\d{1,6}(\.\d{1,2})?){3}$/)
  DISPUTE_FEES = 'summary=200,expert=750,appeal=1500,appeal-deposit=300';

  /** Largest evidence file a party may upload to a dispute (bytes). */
  @IsInt() @Min(1024) @Max(50 * 1024 * 1024) @Transform(toInt)
  DISPUTE_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

  get roles(): ReadonlySet<Role> {
    const raw = this.ROLES.split(',').map((r) => r.trim()).filter(Boolean);
    if (raw.includes('all')) return new Set(ROLE_NAMES);
    return new Set(raw as Role[]);
  }
}

export class ConfigError extends Error {}

/** Parse and validate an environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined) picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidNonWhitelisted: false });
  const problems = errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`);
  const roles = config.ROLES.split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of roles) {
    if (role !== 'all' && !(ROLE_NAMES as readonly string[]).includes(role)) {
      problems.push(`ROLES: unknown role "${role}" (expected all or ${ROLE_NAMES.join(',')})`);
    }
  }
  if (roles.length === 0) problems.push('ROLES: empty');
  if (config.NODE_ENV === 'production') {
    // Production never runs on the public development secret, and never loads demo accounts by default.
    if (!config.APP_SECRET || config.APP_SECRET.length < 32) problems.push('APP_SECRET: required in production, at least 32 characters (e.g. openssl rand -hex 32)');
    if (env.DEMO_DATA === undefined) config.DEMO_DATA = false;
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}
