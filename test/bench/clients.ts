/** Minimal WHOIS and HTTP clients for the load loops (no library between the bench and the socket). */
import http from 'node:http';
import net from 'node:net';

/** One WHOIS query on a fresh connection (RFC 3912): resolves with the whole answer once the server closes. */
export function whoisQuery(port: number, line: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('WHOIS answer timed out')), timeoutMs);
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      socket.end();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** A keep-alive HTTP GET through `agent`; resolves with status and body. */
export function httpGet(agent: http.Agent, port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('HTTP request timed out')));
    req.end();
  });
}

/** A tiny cookie-keeping browser for the panel's forms (session + CSRF cookies). */
export class FormClient {
  private readonly cookies = new Map<string, string>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  constructor(
    private readonly port: number,
    /** Sent as X-Forwarded-For (azreg trusts loopback proxies), so rate limits see one address per client. */
    private readonly clientAddress: string,
  ) {}

  request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<{ status: number; body: string; location?: string }> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = { 'x-forwarded-for': this.clientAddress, origin: `http://127.0.0.1:${this.port}` };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, path, method, agent: this.agent, headers }, (res) => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [pair] = c.split(';');
          const eq = pair.indexOf('=');
          this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location }));
      });
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error('HTTP request timed out')));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in the page');
  return m[1];
}
