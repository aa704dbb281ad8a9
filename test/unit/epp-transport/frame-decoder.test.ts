import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame, FrameDecoder, FrameError } from '../../../src/epp/transport/frame-decoder';

const MAX = 1024;

function header(total: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(total, 0);
  return b;
}

function texts(frames: readonly Buffer[]): string[] {
  return frames.map((f) => f.toString('utf8'));
}

function expectFrameError(fn: () => unknown, problem: FrameError['problem'], declared: number): FrameError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof FrameError, `expected FrameError, got ${String(caught)}`);
  assert.equal(caught.problem, problem);
  assert.equal(caught.declaredLength, declared);
  return caught;
}

describe('encodeFrame', () => {
  it('prefixes the big-endian total length, header included', () => {
    const frame = encodeFrame('<epp/>');
    assert.equal(frame.readUInt32BE(0), 10);
    assert.equal(frame.subarray(4).toString(), '<epp/>');
  });

  it('counts UTF-8 bytes, not characters, and accepts Buffers', () => {
    const xml = '<name>bakı.az</name>';
    assert.equal(encodeFrame(xml).readUInt32BE(0), Buffer.byteLength(xml) + 4);
    assert.deepEqual(encodeFrame(Buffer.from('abc')), Buffer.from([0, 0, 0, 7, 0x61, 0x62, 0x63]));
  });
});

describe('FrameDecoder', () => {
  it('decodes one frame pushed whole', () => {
    const d = new FrameDecoder(MAX);
    assert.deepEqual(texts(d.push(encodeFrame('<hello/>'))), ['<hello/>']);
    assert.equal(d.bufferedBytes, 0);
  });

  it('handles a split at every byte offset (header and payload)', () => {
    const frame = encodeFrame('<command>split</command>');
    for (let cut = 0; cut <= frame.length; cut++) {
      const d = new FrameDecoder(MAX);
      const first = d.push(frame.subarray(0, cut));
      const second = d.push(frame.subarray(cut));
      assert.deepEqual(texts([...first, ...second]), ['<command>split</command>'], `cut at ${cut}`);
      assert.equal(d.bufferedBytes, 0);
    }
  });

  it('returns three frames from one chunk, in order', () => {
    const d = new FrameDecoder(MAX);
    const chunk = Buffer.concat([encodeFrame('<a/>'), encodeFrame('<bb/>'), encodeFrame('<ccc/>')]);
    assert.deepEqual(texts(d.push(chunk)), ['<a/>', '<bb/>', '<ccc/>']);
  });

  it('keeps a trailing partial frame for the next push', () => {
    const d = new FrameDecoder(MAX);
    const second = encodeFrame('<second/>');
    assert.deepEqual(texts(d.push(Buffer.concat([encodeFrame('<first/>'), second.subarray(0, 6)]))), ['<first/>']);
    assert.equal(d.bufferedBytes, 2, 'the 4 header bytes are consumed, 2 payload bytes held');
    assert.deepEqual(texts(d.push(second.subarray(6))), ['<second/>']);
  });

  it('decodes frames fed one byte at a time', () => {
    const d = new FrameDecoder(MAX);
    const payloads = ['<x/>', '<y>two</y>', 'z'.repeat(500)];
    const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...d.push(stream.subarray(i, i + 1)));
    assert.deepEqual(texts(out), payloads);
  });

  it('ignores empty chunks', () => {
    const d = new FrameDecoder(MAX);
    assert.deepEqual(d.push(Buffer.alloc(0)), []);
    assert.equal(d.bufferedBytes, 0);
  });

  for (const total of [0, 1, 2, 3, 4]) {
    it(`refuses a declared length of ${total} as a bad header`, () => {
      const d = new FrameDecoder(MAX);
      expectFrameError(() => d.push(header(total)), 'bad-frame-header', total);
      assert.equal(d.bufferedBytes, 0);
    });
  }

  it('accepts the smallest legal frame (length 5)', () => {
    assert.deepEqual(texts(new FrameDecoder(MAX).push(Buffer.concat([header(5), Buffer.from('x')]))), ['x']);
  });

  it('accepts a frame of exactly maxFrameBytes', () => {
    const d = new FrameDecoder(MAX);
    const payload = 'p'.repeat(MAX - 4);
    const frames = d.push(encodeFrame(payload));
    assert.equal(frames.length, 1);
    assert.equal(frames[0].length, MAX - 4);
  });

  it('refuses maxFrameBytes + 1 as soon as the header is read, without buffering the payload', () => {
    const d = new FrameDecoder(MAX);
    assert.deepEqual(d.push(header(MAX + 1).subarray(0, 3)), []);
    expectFrameError(() => d.push(header(MAX + 1).subarray(3)), 'frame-too-large', MAX + 1);
    assert.equal(d.bufferedBytes, 0);
  });

  it('refuses a 100 MB header and drops the junk pushed with it', () => {
    const d = new FrameDecoder(MAX);
    const chunk = Buffer.concat([header(100 * 1024 * 1024), Buffer.alloc(64 * 1024, 0x41)]);
    expectFrameError(() => d.push(chunk), 'frame-too-large', 100 * 1024 * 1024);
    assert.equal(d.bufferedBytes, 0);
  });

  it('hands over frames that preceded the bad header in the same chunk', () => {
    const d = new FrameDecoder(MAX);
    const chunk = Buffer.concat([encodeFrame('<ok1/>'), encodeFrame('<ok2/>'), header(2), Buffer.from('junk')]);
    const error = expectFrameError(() => d.push(chunk), 'bad-frame-header', 2);
    assert.deepEqual(texts(error.frames), ['<ok1/>', '<ok2/>']);
  });

  it('stays poisoned after an error and buffers nothing more', () => {
    const d = new FrameDecoder(MAX);
    expectFrameError(() => d.push(header(0xffffffff)), 'frame-too-large', 0xffffffff);
    const again = expectFrameError(() => d.push(encodeFrame('<late/>')), 'frame-too-large', 0xffffffff);
    assert.deepEqual(again.frames, []);
    assert.equal(d.bufferedBytes, 0);
    assert.ok(d.error instanceof FrameError);
  });

  it('rejects a nonsensical maxFrameBytes', () => {
    assert.throws(() => new FrameDecoder(4), RangeError);
    assert.throws(() => new FrameDecoder(1.5), RangeError);
  });
});
