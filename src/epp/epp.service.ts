import { pooledRandomBytes } from '../common/secrets';
import { Injectable, Logger } from '@nestjs/common';
import { AuthenticationError, RegistryError } from '../common/registry-errors';
import { MetricsService } from '../observability/metrics.service';
import type { RegistrarActor } from '../registry/command/actor';
import { Clock } from '../registry/command/clock';
import { CommandRunner } from '../registry/command/command-runner';
import { RegistrarLoginHandler } from '../registry/registrars/commands/registrar-login.handler';
import type { EppCommand } from './commands/epp-command';
import { EppCommandPicker } from './epp-command-picker';
import { EppError, toEppFailure } from './protocol/epp-result';
import { writeGreeting, EXTENSION_URIS, OBJECT_URIS } from './protocol/greeting';
import { writeResponse } from './protocol/response-writer';
import { newSession, SESSION_TOUCH_INTERVAL_MS, type EppSession } from './session/epp-session';
import { RegistrarStanding } from './session/registrar-standing';
import { LoginGuard } from './session/login-guard';
import type { EppConnection, EppConnectionHandler, ProtocolProblem } from './transport/epp-server';
import { EppXml, type EppNode, type EppReader } from './xml/epp-xml';

/** What parsing a frame produced, before anything touches the database. */
type Parsed =
  | { kind: 'hello' }
  | { kind: 'login'; clTRID: string | null; clID: string; pw: string; newPW?: string; version: string; lang: string; objURIs: string[]; extURIs: string[] }
  | { kind: 'logout'; clTRID: string | null }
  | { kind: 'command'; clTRID: string | null; name: string; command: EppCommand | undefined; input: unknown; parseError?: unknown };

let svCounter = 0;
function newSvTRID(): string {
  svCounter = (svCounter + 1) % 1_000_000;
  return `AZ-${Date.now().toString(36)}-${svCounter.toString(36)}-${pooledRandomBytes(3).toString('hex')}`;
}

/**
 * The EPP session layer (RFC 5730): greeting, hello, login/logout with negotiation, lock-out and
 * session limits, the rule that nothing but hello/login comes before login, and dispatch of every
 * other command to its EppCommand. All failures become one result code through `toEppFailure`.
 */
@Injectable()
export class EppService implements EppConnectionHandler {
  private readonly logger = new Logger('Epp');
  private xml!: EppXml;

  constructor(
    private readonly picker: EppCommandPicker,
    private readonly runner: CommandRunner,
    private readonly login: RegistrarLoginHandler,
    private readonly guard: LoginGuard,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly standing: RegistrarStanding,
  ) {}

  useXml(xml: EppXml): void {
    this.xml = xml;
  }

  private session(conn: EppConnection): EppSession {
    if (!conn.session.epp) conn.session.epp = newSession(this.clock.now());
    return conn.session.epp as EppSession;
  }

  async greeting(): Promise<string> {
    return writeGreeting(this.clock.now());
  }

  protocolError(_conn: EppConnection, problem: ProtocolProblem): string | null {
    const reason = { 'frame-too-large': 'Frame exceeds the maximum size', 'bad-frame-header': 'Invalid frame header', 'idle-timeout': 'Session idle timeout' }[problem];
    return writeResponse({ code: 2500, extValues: [{ reason }], svTRID: newSvTRID() });
  }

  closed(conn: EppConnection): void {
    const s = conn.session.epp as EppSession | undefined;
    if (s?.registrarId) void this.guard.releaseSession(s.registrarId, conn.id).catch(() => undefined);
  }

  async command(conn: EppConnection, bytes: Buffer): Promise<{ response: string; close?: boolean }> {
    const session = this.session(conn);
    const svTRID = newSvTRID();
    let parsed: Awaited<ReturnType<EppXml['withCommand']>> & ({ ok: false } | { ok: true; value: Parsed });
    try {
      parsed = (await this.xml.withCommand(bytes, (r) => this.parse(r))) as typeof parsed;
    } catch (error) {
      const failure = toEppFailure(error);
      return { response: writeResponse({ code: failure.code, extValues: failure.reason ? [{ reason: failure.reason }] : undefined, svTRID }) };
    }
    if (!parsed.ok) {
      this.metrics.eppCommands.inc({ command: 'invalid', code: '2001' });
      return { response: writeResponse({ code: 2001, extValues: [{ reason: parsed.reason }], svTRID }) };
    }
    const p = parsed.value;
    const name = p.kind === 'command' ? p.name : p.kind;
    const clTRID = p.kind === 'hello' ? null : p.clTRID;
    try {
      if (p.kind === 'hello') return { response: writeGreeting(this.clock.now()) };
      if (p.kind === 'login') return await this.doLogin(conn, session, p, svTRID);
      if (!session.loggedIn || !session.registrarId) {
        // Only hello and login are allowed before login; anything else ends the session.
        throw new EppError(2002, 'You must log in first', undefined, true);
      }
      if (!(await this.standing.isActive(session.registrarId))) {
        // Suspended (or terminated) while logged in: the session ends now, not at the next login.
        await this.guard.releaseSession(session.registrarId, conn.id).catch(() => undefined);
        session.loggedIn = false;
        throw new EppError(2501, 'The registrar is not accredited to act (suspended); the session is closed', undefined, true);
      }
      if (Date.now() - session.touchedAt >= SESSION_TOUCH_INTERVAL_MS) {
        session.touchedAt = Date.now();
        void this.guard.touchSession(session.registrarId, conn.id).catch(() => undefined);
      }
      if (p.kind === 'logout') {
        await this.guard.releaseSession(session.registrarId, conn.id);
        session.loggedIn = false;
        this.metrics.eppCommands.inc({ command: 'logout', code: '1500' });
        return { response: writeResponse({ code: 1500, clTRID, svTRID }), close: true };
      }
      if (p.parseError) throw p.parseError;
      if (!p.command) throw new EppError(2101, `Unimplemented command: ${p.name}`);
      if (p.command.objectUri && !session.objURIs.has(p.command.objectUri)) {
        throw new EppError(2002, `The object service ${p.command.objectUri} was not requested at login`);
      }
      const actor: RegistrarActor = { type: 'registrar', id: session.registrarId, channel: 'epp', requestId: svTRID };
      const out = await p.command.execute(p.input, { actor, registrarId: session.registrarId, session });
      this.metrics.eppCommands.inc({ command: name, code: String(out.code) });
      return { response: writeResponse({ ...out, clTRID, svTRID }) };
    } catch (error) {
      const failure = toEppFailure(error);
      if (failure.code === 2400) this.logger.error({ err: error, command: name }, 'EPP command failed');
      this.metrics.eppCommands.inc({ command: name, code: String(failure.code) });
      const extValues = failure.reason ? [{ value: failure.value, reason: failure.reason }] : undefined;
      return { response: writeResponse({ code: failure.code, msg: failure.msg, extValues, clTRID, svTRID }), close: failure.close };
    }
  }

  private async doLogin(conn: EppConnection, session: EppSession, p: Extract<Parsed, { kind: 'login' }>, svTRID: string): Promise<{ response: string; close?: boolean }> {
    if (session.loggedIn) throw new EppError(2002, 'Already logged in');
    if (p.version !== '1.0') throw new EppError(2100, `Unsupported version ${p.version}`);
    if (p.lang !== 'en' && p.lang !== 'az') throw new EppError(2102, `Unsupported language ${p.lang}`);
    const unknownObj = p.objURIs.find((u) => !(OBJECT_URIS as readonly string[]).includes(u));
    if (unknownObj) throw new EppError(2307, `Unimplemented object service ${unknownObj}`);
    const unknownExt = p.extURIs.find((u) => !(EXTENSION_URIS as readonly string[]).includes(u));
    if (unknownExt) throw new EppError(2103, `Unimplemented extension ${unknownExt}`);
    if (await this.guard.isLockedOut(p.clID, conn.remoteAddress)) {
      throw new EppError(2501, 'Too many failed logins; try again later', undefined, true);
    }
    let registrarId: string;
    try {
      const actor: RegistrarActor = { type: 'registrar', id: p.clID, channel: 'epp', requestId: svTRID };
      ({ registrarId } = await this.runner.run(this.login, actor, { clID: p.clID, password: p.pw, newPassword: p.newPW, remoteAddress: conn.remoteAddress }));
    } catch (error) {
      if (error instanceof AuthenticationError) {
        const locked = await this.guard.recordFailure(p.clID, conn.remoteAddress);
        if (locked) throw new EppError(2501, 'Too many failed logins; try again later', undefined, true);
      }
      throw error;
    }
    if (!(await this.guard.claimSession(registrarId, conn.id))) {
      throw new EppError(2502, 'Session limit exceeded for this registrar', undefined, true);
    }
    await this.guard.clearFailures(p.clID);
    Object.assign(session, { loggedIn: true, registrarId, objURIs: new Set(p.objURIs), extURIs: new Set(p.extURIs) });
    this.metrics.eppCommands.inc({ command: 'login', code: '1000' });
    return { response: writeResponse({ code: 1000, clTRID: p.clTRID, svTRID }) };
  }

  /** Turns the validated document into a Parsed value (inside the document's lifetime). */
  private parse(r: EppReader): Parsed {
    if (r.exists('/epp:epp/epp:hello')) return { kind: 'hello' };
    const cmd = r.nodes('/epp:epp/epp:command')[0] as EppNode | undefined;
    if (!cmd) throw new EppError(2001, 'Expected <hello> or <command>');
    const clTRID = r.text('epp:clTRID', cmd);
    if (r.exists('epp:login', cmd)) {
      return {
        kind: 'login',
        clTRID,
        clID: r.text('epp:login/epp:clID', cmd) ?? '',
        pw: r.text('epp:login/epp:pw', cmd) ?? '',
        newPW: r.text('epp:login/epp:newPW', cmd) ?? undefined,
        version: r.text('epp:login/epp:options/epp:version', cmd) ?? '',
        lang: r.text('epp:login/epp:options/epp:lang', cmd) ?? '',
        objURIs: r.texts('epp:login/epp:svcs/epp:objURI', cmd),
        extURIs: r.texts('epp:login/epp:svcs/epp:svcExtension/epp:extURI', cmd),
      };
    }
    if (r.exists('epp:logout', cmd)) return { kind: 'logout', clTRID };
    const name = this.commandName(r, cmd);
    const command = this.picker.pick(name);
    if (!command) return { kind: 'command', clTRID, name, command: undefined, input: undefined };
    try {
      return { kind: 'command', clTRID, name, command, input: command.parse(r, cmd) };
    } catch (error) {
      // Parse errors are reported after the session check, so a client that is not logged in
      // learns nothing about command syntax.
      return { kind: 'command', clTRID, name, command, input: undefined, parseError: error instanceof RegistryError || error instanceof EppError ? error : new EppError(2001, 'Command syntax error') };
    }
  }

  private commandName(r: EppReader, cmd: EppNode): string {
    if (r.exists('epp:poll', cmd)) return `poll:${r.attr('epp:poll', 'op', cmd) ?? ''}`;
    const verb = r.nodes('*', cmd).find((n) => r.namespaceUri(n) === 'urn:ietf:params:xml:ns:epp-1.0' && !['extension', 'clTRID'].includes(r.localName(n)));
    if (!verb) return 'unknown';
    const object = r.nodes('*', verb)[0];
    const prefix = object ? { 'urn:ietf:params:xml:ns:domain-1.0': 'domain', 'urn:ietf:params:xml:ns:host-1.0': 'host', 'urn:ietf:params:xml:ns:contact-1.0': 'contact' }[r.namespaceUri(object) ?? ''] : undefined;
    return `${prefix ?? 'unknown'}:${r.localName(verb)}`;
  }
}
