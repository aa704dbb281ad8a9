/**
 * Baseline servers for protocol overhead, run as their own child process (like azreg):
 *   tcp   — WHOIS shape: read one line, write it back, close.
 *   tls   — EPP shape: TLS, a greeting frame, then every RFC 5734 frame echoed back.
 *   http  — RDAP shape: keep-alive HTTP, a small JSON answer to every GET.
 * Usage: node echo-server.js <tcp|tls|http> <port> [certPath keyPath]
 * Prints "listening" once ready.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

const [kind, portArg, certPath, keyPath] = process.argv.slice(2);
const port = Number(portArg);

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length + 4);
  return Buffer.concat([header, payload]);
}

function framedEcho(socket: net.Socket): void {
  socket.setNoDelay(true);
  socket.write(frame(Buffer.from('<?xml version="1.0"?><epp><greeting/></epp>')));
  let buffer: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    while (buffer.length >= 4 && buffer.length >= buffer.readUInt32BE(0)) {
      const total = buffer.readUInt32BE(0);
      socket.write(frame(buffer.subarray(4, total)));
      buffer = buffer.subarray(total);
    }
  });
  socket.on('error', () => undefined);
}

let server: net.Server;
if (kind === 'tcp') {
  server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      if (chunk.includes(0x0a)) socket.end(chunk);
    });
  });
} else if (kind === 'tls') {
  server = tls.createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath), minVersion: 'TLSv1.2' }, framedEcho);
} else if (kind === 'http') {
  const body = JSON.stringify({ objectClassName: 'domain', ldhName: 'hello.az' });
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rdap+json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
} else {
  throw new Error(`unknown echo kind ${kind}`);
}
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => process.exit(0));
