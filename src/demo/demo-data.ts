import { DataSource } from 'typeorm';
import { hashPassword, sha256 } from '../common/secrets';
import { RegistrarRepository } from '../registry/registrars/registrar.repository';
import { ZoneRepository, type ZoneInput } from '../registry/zones/zone.repository';
import { formatApiKey } from '../registry/registrars/commands/create-registrar.handler';

/** The .az zones from the brief, with the policy azreg ships by default (prices in qəpik). */
export const DEFAULT_ZONES: ZoneInput[] = [
  { name: 'az', restricted: false, minLabelLength: 3, prices: { create: 3000, renew: 3000, transfer: 3000, restore: 6000 } },
  ...['com.az', 'co.az', 'net.az', 'org.az', 'info.az', 'pp.az', 'name.az', 'pro.az', 'biz.az'].map((name) => ({
    name, restricted: false, minLabelLength: 2, prices: { create: 2000, renew: 2000, transfer: 2000, restore: 4000 },
  })),
  ...['gov.az', 'mil.az', 'edu.az', 'int.az'].map((name) => ({
    name, restricted: true, minLabelLength: 2, prices: { create: 1000, renew: 1000, transfer: 1000, restore: 2000 },
  })),
];

/**
 * Demo registrars use fixed, published API keys so that the quick start can print them on every
 * start. That is only acceptable because DEMO_DATA is off in production.
 */
export const DEMO_REGISTRARS = [
  { id: 'demo1', name: 'Demo Registrar One', password: 'demo1-pass', keyId: '00000000-0000-4000-8000-000000000001', secret: 'ZGVtbzEtYXBpLWtleS1mb3ItbG9jYWwtdXNlLW9ubHkx' },
  { id: 'demo2', name: 'Demo Registrar Two', password: 'demo2-pass', keyId: '00000000-0000-4000-8000-000000000002', secret: 'ZGVtbzItYXBpLWtleS1mb3ItbG9jYWwtdXNlLW9ubHky' },
].map((r) => ({ ...r, secret: r.secret.slice(0, 43), apiKey: formatApiKey(r.keyId, r.secret.slice(0, 43)) }));

export const DIRECT_CHANNEL_REGISTRAR = { id: 'azreg-direct', name: 'azreg direct channel (control panel)' };
export const DEMO_ADMIN = { email: 'admin@azreg.local', password: 'admin-demo-password' };
/** Console users of the other two roles (dispute officer, expert); TOTP is enrolled at the first sign-in. */
export const DEMO_CONSOLE_USERS = [
  { ...DEMO_ADMIN, roles: ['admin'] },
  { email: 'officer@azreg.local', password: 'officer-demo-password', roles: ['officer'] },
  { email: 'expert@azreg.local', password: 'expert-demo-password', roles: ['expert'] },
];
export const DEMO_CREDIT = 1_000_000; // 10,000.00 AZN

/** Zones and the direct channel: needed by every installation. Idempotent. */
export async function loadBaseData(dataSource: DataSource, now: Date): Promise<void> {
  const zones = new ZoneRepository();
  await dataSource.transaction(async (m) => {
    for (const zone of DEFAULT_ZONES) await zones.insertIfMissing(m, zone, now);
    await m.query(
      `INSERT INTO registrars (id, name, password_hash, is_direct_channel, created_at, updated_at) VALUES ($1, $2, '!', true, $3, $3) ON CONFLICT (id) DO NOTHING`,
      [DIRECT_CHANNEL_REGISTRAR.id, DIRECT_CHANNEL_REGISTRAR.name, now],
    );
  });
}

/** Demo registrars with credit, their API keys, and an administrator. Idempotent. */
export async function loadDemoData(dataSource: DataSource, now: Date): Promise<void> {
  const registrars = new RegistrarRepository();
  for (const r of DEMO_REGISTRARS) {
    await dataSource.transaction(async (m) => {
      if (await registrars.findById(m, r.id)) return;
      await registrars.insert(m, { id: r.id, name: r.name, passwordHash: await hashPassword(r.password), email: `${r.id}@registrar.example` }, now);
      await registrars.insertApiKey(m, { id: r.keyId, registrarId: r.id, secretHash: sha256(r.secret), label: 'demo' }, now);
      await registrars.credit(m, { registrarId: r.id, amount: DEMO_CREDIT, kind: 'credit', note: 'demo credit' }, now);
    });
  }
  for (const u of DEMO_CONSOLE_USERS) {
    const admins = await dataSource.query(`SELECT 1 FROM admin_users WHERE lower(email) = lower($1)`, [u.email]);
    if (admins.length > 0) continue;
    await dataSource.query(`INSERT INTO admin_users (id, email, password_hash, roles, created_at) VALUES (gen_random_uuid(), $1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      u.email, await hashPassword(u.password), u.roles, now,
    ]);
  }
}
