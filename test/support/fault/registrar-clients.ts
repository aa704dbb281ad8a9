import { EppClient, eppDoc, loginXml, resultCode } from '../../../src/epp/client/epp-client';
import { FAULT_PASSWORD } from './fault-data';

const D = 'xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"';
const C = 'xmlns:contact="urn:ietf:params:xml:ns:contact-1.0"';

/** What a client saw: an answer with its status/result code, or no answer at all (connection lost, timeout). */
export type Outcome = { answered: true; code: number; body: string } | { answered: false; error: string };

/** A registrar speaking the REST API with its API key. */
export class RestRegistrar {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  async call(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<Outcome> {
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { answered: true, code: res.status, body: await res.text() };
    } catch (error) {
      return { answered: false, error: String((error as Error).cause ?? error) };
    }
  }

  createContact(handle: string): Promise<Outcome> {
    return this.call('POST', '/api/v1/contacts', { handle, kind: 'person', name: 'Aynur Məmmədova', city: 'Bakı', cc: 'AZ', email: `${handle.toLowerCase()}@example.az` });
  }

  createDomain(name: string, registrant: string, extra: Record<string, unknown> = {}): Promise<Outcome> {
    return this.call('POST', '/api/v1/domains', { name, years: 1, registrant, authInfo: 'Fault-Secret-1', ...extra });
  }

  hold(name: string): Promise<Outcome> {
    return this.call('POST', '/api/v1/holds', { name });
  }
}

/** A registrar's logged-in EPP session over TLS. */
export class EppRegistrar {
  private constructor(private readonly client: EppClient) {}

  static async login(port: number, clID: string): Promise<EppRegistrar> {
    const { client } = await EppClient.connect({ host: '127.0.0.1', port });
    const r = await client.command(loginXml(clID, FAULT_PASSWORD));
    if (resultCode(r) !== 1000) {
      client.close();
      throw new Error(`EPP login of ${clID} failed:\n${r}`);
    }
    return new EppRegistrar(client);
  }

  /** Sends one command; '' from the client means the server closed the connection. */
  async send(xml: string, timeoutMs = 15_000): Promise<Outcome> {
    if (this.client.isClosed) return { answered: false, error: 'connection closed' };
    try {
      this.client.sendRaw(frame(xml));
      const r = await this.client.next(timeoutMs);
      if (r === '') return { answered: false, error: 'connection closed' };
      return { answered: true, code: resultCode(r), body: r };
    } catch (error) {
      return { answered: false, error: String(error) };
    }
  }

  createContact(handle: string): Promise<Outcome> {
    return this.send(eppDoc(
      `<command><create><contact:create ${C}><contact:id>${handle}</contact:id><contact:postalInfo type="loc"><contact:name>Aynur Məmmədova</contact:name>` +
        `<contact:addr><contact:city>Bakı</contact:city><contact:cc>AZ</contact:cc></contact:addr></contact:postalInfo>` +
        `<contact:email>${handle.toLowerCase()}@example.az</contact:email><contact:authInfo><contact:pw>Contact-Pw-1</contact:pw></contact:authInfo></contact:create></create><clTRID>F-C</clTRID></command>`,
    ));
  }

  createDomain(name: string, registrant: string): Promise<Outcome> {
    return this.send(eppDoc(
      `<command><create><domain:create ${D}><domain:name>${name}</domain:name><domain:period unit="y">1</domain:period>` +
        `<domain:registrant>${registrant}</domain:registrant><domain:authInfo><domain:pw>Fault-Secret-1</domain:pw></domain:authInfo>` +
        `</domain:create></create><clTRID>F-D</clTRID></command>`,
    ));
  }

  check(names: string[]): Promise<Outcome> {
    return this.send(eppDoc(`<command><check><domain:check ${D}>${names.map((n) => `<domain:name>${n}</domain:name>`).join('')}</domain:check></check><clTRID>F-K</clTRID></command>`));
  }

  info(name: string): Promise<Outcome> {
    return this.send(eppDoc(`<command><info><domain:info ${D}><domain:name>${name}</domain:name></domain:info></info><clTRID>F-I</clTRID></command>`));
  }

  get closed(): boolean {
    return this.client.isClosed;
  }

  close(): void {
    this.client.close();
  }
}

function frame(xml: string): Buffer {
  const payload = Buffer.from(xml, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length + 4);
  return Buffer.concat([header, payload]);
}

/** True for the answers that mean "created". */
export const created = (o: Outcome): boolean => o.answered && (o.code === 201 || o.code === 1000);
