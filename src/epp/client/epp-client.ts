import tls from 'node:tls';

/**
 * A small EPP client (RFC 5734 framing over TLS) for people trying the server by hand
 * (`npm run cli -- epp …`) and for the tests. It sends one frame and waits for one answer.
 */
export class EppClient {
  private buffer = Buffer.alloc(0);
  private waiters: Array<(frame: string) => void> = [];
  private frames: string[] = [];
  private closed = false;

  private constructor(private readonly socket: tls.TLSSocket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w('');
    });
    socket.on('error', () => undefined);
  }

  /** Connects and returns the client with the server's greeting. */
  static async connect(options: { host: string; port: number; ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean }): Promise<{ client: EppClient; greeting: string }> {
    const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ host: options.host, port: options.port, ca: options.ca, cert: options.cert, key: options.key, rejectUnauthorized: options.rejectUnauthorized ?? false, servername: 'localhost' }, () => resolve(s));
      s.once('error', reject);
    });
    const client = new EppClient(socket);
    const greeting = await client.next();
    return { client, greeting };
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const total = this.buffer.readUInt32BE(0);
      if (this.buffer.length < total) break;
      const frame = this.buffer.subarray(4, total).toString('utf8');
      this.buffer = this.buffer.subarray(total);
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    }
  }

  /** The next frame from the server ('' once the connection has closed). */
  next(timeoutMs = 10_000): Promise<string> {
    const ready = this.frames.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.resolve('');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('EPP response timed out')), timeoutMs);
      this.waiters.push((frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
    });
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async command(xml: string): Promise<string> {
    const payload = Buffer.from(xml, 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(payload.length + 4);
    this.socket.write(Buffer.concat([header, payload]));
    return this.next();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.end();
  }
}

const EPP = 'urn:ietf:params:xml:ns:epp-1.0';
export const eppDoc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><epp xmlns="${EPP}">${body}</epp>`;

export function loginXml(clID: string, pw: string, clTRID = 'login-1', newPW?: string): string {
  return eppDoc(
    `<command><login><clID>${clID}</clID><pw>${pw}</pw>${newPW ? `<newPW>${newPW}</newPW>` : ''}<options><version>1.0</version><lang>en</lang></options>` +
      `<svcs><objURI>urn:ietf:params:xml:ns:domain-1.0</objURI><objURI>urn:ietf:params:xml:ns:contact-1.0</objURI><objURI>urn:ietf:params:xml:ns:host-1.0</objURI>` +
      `<svcExtension><extURI>urn:ietf:params:xml:ns:secDNS-1.1</extURI><extURI>urn:ietf:params:xml:ns:rgp-1.0</extURI></svcExtension></svcs></login><clTRID>${clTRID}</clTRID></command>`,
  );
}

/** Pulls `code="NNNN"` out of a response (enough for scripts and tests). */
export function resultCode(response: string): number {
  const m = /<result code="(\d{4})"/.exec(response);
  return m ? Number(m[1]) : 0;
}
