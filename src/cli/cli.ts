import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { RegistryError } from '../common/registry-errors';
import { ConfigError, loadConfig } from '../config/app-config';
import { loadBaseData } from '../demo/demo-data';
import { assertRedisReachable, openDatabase, StartupError } from '../infrastructure/bootstrap';
import type { Actor } from '../registry/command/actor';
import { CommandRunner } from '../registry/command/command-runner';
import { AddReservedHandler } from '../registry/names/add-reserved.handler';
import { CreateAdminHandler } from '../registry/registrars/commands/create-admin.handler';
import { CreateRegistrarHandler } from '../registry/registrars/commands/create-registrar.handler';
import { CreditRegistrarHandler } from '../registry/registrars/commands/credit-registrar.handler';
import { ZoneRepository } from '../registry/zones/zone.repository';
import { formatAzn, parseAzn } from '../registry/zones/zone.types';
import { CliModule } from './cli-module';
import { EppClient, eppDoc, loginXml, resultCode } from '../epp/client/epp-client';
import { verifyDeposit } from '../escrow/deposit-verifier';

const USAGE = `usage: npm run cli -- <command>
  registrar create <id> --name <name> --password <pw> [--credit <AZN>] [--email <email>]
  registrar credit <id> <AZN>
  admin create <email> --password <pw> [--roles admin,officer,expert]   (TOTP is enrolled at the first console sign-in)
  zone list
  reserved add <name or label> [--reason <text>]
  migration run
  escrow verify <file>
  epp hello [--host 127.0.0.1] [--port 7000]
  epp check <name>... --user <clID> --password <pw>
  epp send <file.xml>... --user <clID> --password <pw>     (login, each file as one command, logout)
Every command prints JSON on success and exits non-zero with a message on stderr otherwise.`;

class UsageError extends Error {}

const OPERATOR: Actor = { type: 'admin', id: process.env.USER ?? 'operator', channel: 'cli' };

function money(text: string | undefined, what: string): number {
  const qepik = text === undefined ? null : parseAzn(text);
  if (qepik === null) throw new UsageError(`${what} must be an amount in AZN such as 100 or 12.50`);
  return qepik;
}

async function run(argv: string[], app: () => Promise<INestApplicationContext>): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' }, password: { type: 'string' }, credit: { type: 'string' }, email: { type: 'string' }, reason: { type: 'string' }, roles: { type: 'string' },
      user: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' },
    },
  });
  const [noun, verb, ...rest] = positionals;
  const key = `${noun ?? ''} ${verb ?? ''}`;
  switch (key) {
    case 'registrar create': {
      const [id] = rest;
      if (!id || !values.name || !values.password) throw new UsageError('registrar create needs <id> --name <name> --password <pw>');
      const credit = values.credit === undefined ? 0 : money(values.credit, '--credit');
      const ctx = await app();
      const r = await ctx.get(CommandRunner).run(ctx.get(CreateRegistrarHandler), OPERATOR, { id, name: values.name, password: values.password, email: values.email, credit });
      return { registrar: r.id, balance: formatAzn(r.balance), currency: 'AZN', apiKey: r.apiKey, note: 'the API key is shown once; store it now' };
    }
    case 'registrar credit': {
      const [id, amount] = rest;
      if (!id) throw new UsageError('registrar credit needs <id> <AZN>');
      const qepik = money(amount, 'amount');
      const ctx = await app();
      const r = await ctx.get(CommandRunner).run(ctx.get(CreditRegistrarHandler), OPERATOR, { registrarId: id, amount: qepik });
      return { registrar: id, credited: formatAzn(qepik), balance: formatAzn(r.balance), currency: 'AZN' };
    }
    case 'admin create': {
      const [email] = rest;
      if (!email || !values.password) throw new UsageError('admin create needs <email> --password <pw>');
      const ctx = await app();
      const roles = values.roles === undefined ? undefined : values.roles.split(',').map((r) => r.trim()).filter(Boolean);
      return ctx.get(CommandRunner).run(ctx.get(CreateAdminHandler), OPERATOR, { email, password: values.password, roles });
    }
    case 'zone list': {
      const ctx = await app();
      const zones = await ctx.get(ZoneRepository).list(ctx.get(DataSource).manager);
      return zones.map((z) => ({
        ...z,
        prices: Object.fromEntries(Object.entries(z.prices).map(([k, v]) => [k, formatAzn(v)])),
        currency: 'AZN',
      }));
    }
    case 'reserved add': {
      const [name] = rest;
      if (!name) throw new UsageError('reserved add needs <name or label>');
      const ctx = await app();
      return ctx.get(CommandRunner).run(ctx.get(AddReservedHandler), OPERATOR, { name, reason: values.reason });
    }
    case 'epp hello':
    case 'epp check':
    case 'epp send': {
      const config = loadConfig(process.env);
      const host = values.host ?? '127.0.0.1';
      const port = Number(values.port ?? config.EPP_PORT);
      const { client, greeting } = await EppClient.connect({ host, port });
      const transcript: Array<{ sent: string; received: string }> = [{ sent: '(connect)', received: greeting }];
      const send = async (xml: string) => {
        transcript.push({ sent: xml, received: await client.command(xml) });
      };
      try {
        if (verb !== 'hello') {
          if (!values.user || !values.password) throw new UsageError(`epp ${verb} needs --user <clID> --password <pw>`);
          await send(loginXml(values.user, values.password));
          if (verb === 'check') {
            if (rest.length === 0) throw new UsageError('epp check needs at least one name');
            const names = rest.map((n) => `<domain:name>${n.replace(/[<&>]/g, '')}</domain:name>`).join('');
            await send(eppDoc(`<command><check><domain:check xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">${names}</domain:check></check><clTRID>cli-check</clTRID></command>`));
          } else {
            if (rest.length === 0) throw new UsageError('epp send needs at least one XML file');
            for (const file of rest) await send(readFileSync(file, 'utf8'));
          }
          await send(eppDoc('<command><logout/><clTRID>cli-logout</clTRID></command>'));
        }
      } finally {
        client.close();
      }
      return transcript.map((t) => ({ ...t, code: resultCode(t.received) || undefined }));
    }
    case 'escrow verify': {
      const [file] = rest;
      if (!file) throw new UsageError('escrow verify needs <file>');
      const v = await verifyDeposit(file);
      if (!v.ok) process.exitCode = 1;
      return v;
    }
    case 'migration run': {
      await app();
      return { migrations: 'up to date' };
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let context: INestApplicationContext | null = null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  const app = async () => {
    const config = loadConfig({ ...process.env, MIGRATIONS_RUN: 'true' });
    await assertRedisReachable(config.REDIS_URL);
    const { dataSource, embedded } = await openDatabase(config);
    stopEmbedded = embedded ? () => embedded.stop() : null;
    await loadBaseData(dataSource, new Date());
    context = await NestFactory.createApplicationContext(CliModule.forRoot(config, dataSource), { logger: ['error'] });
    return context;
  };
  let code = 0;
  try {
    const result = await run(argv, app);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    code = 1;
    if (error instanceof RegistryError) process.stderr.write(`error ${error.code} (${error.reason}): ${error.message}\n`);
    else if (error instanceof UsageError || error instanceof ConfigError || error instanceof StartupError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${error.message}\n${USAGE}\n`);
    else process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    if (context) await (context as INestApplicationContext).close();
    if (stopEmbedded) await (stopEmbedded as () => Promise<void>)();
  }
  process.exit(code || Number(process.exitCode ?? 0));
}

void main();
