/**
 * RFC 5734 §4 framing: every EPP data unit is a 32-bit big-endian unsigned *total* length
 * (the 4 header bytes included) followed by that many minus four bytes of XML.
 *
 * The decoder is pure (no I/O) and stream-safe: TCP/TLS chunk boundaries may fall anywhere,
 * inside the header, inside the payload, or between several frames in one chunk.
 */

/** Size of the RFC 5734 length header, in bytes. */
export const EPP_HEADER_BYTES = 4;

/** Largest total length the 32-bit header can express. */
export const EPP_MAX_ENCODABLE_BYTES = 0xffff_ffff;

/** Why a header was refused: a declared length below 5 bytes, or above the configured maximum. */
export type FrameProblem = 'bad-frame-header' | 'frame-too-large';

/**
 * Thrown by {@link FrameDecoder.push} as soon as a refused header has been read (never after
 * buffering the payload it announces). Complete frames that preceded the bad header in the same
 * chunk are handed over in {@link FrameError.frames} so a caller may still answer them in order.
 */
export class FrameError extends Error {
  constructor(
    /** Which header check failed. */
    readonly problem: FrameProblem,
    /** The total length the header declared. */
    readonly declaredLength: number,
    /** Payloads completed in the same `push` before the bad header (empty on later calls). */
    readonly frames: readonly Buffer[] = [],
  ) {
    super(
      problem === 'bad-frame-header'
        ? `EPP frame header declares ${declaredLength} bytes (minimum is ${EPP_HEADER_BYTES + 1})`
        : `EPP frame header declares ${declaredLength} bytes (limit exceeded)`,
    );
    this.name = 'FrameError';
  }
}

/**
 * Incremental RFC 5734 frame decoder. Feed it every chunk read from the connection; it returns
 * the payloads (XML bytes, header stripped) that became complete. Memory held is bounded by
 * `maxFrameBytes`: an oversized header is refused before any of its payload is kept. After a
 * {@link FrameError} the decoder is poisoned: every later `push` throws again and keeps nothing.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Payload length of the frame whose header has been read, or null while awaiting a header. */
  private payloadLength: number | null = null;
  private failure: FrameError | null = null;

  /**
   * @param maxFrameBytes largest accepted *total* length (header included); a frame of exactly
   *   this size is accepted.
   */
  constructor(readonly maxFrameBytes: number) {
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < EPP_HEADER_BYTES + 1) {
      throw new RangeError(`maxFrameBytes must be an integer >= ${EPP_HEADER_BYTES + 1}`);
    }
  }

  /** Bytes currently held (a partial header or partial payload). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** The error that poisoned this decoder, if any. */
  get error(): FrameError | null {
    return this.failure;
  }

  /**
   * Consumes `chunk` and returns the payloads completed by it, in order.
   * @throws FrameError when a header declares a length < 5 or > `maxFrameBytes`.
   */
  push(chunk: Buffer): Buffer[] {
    if (this.failure) throw new FrameError(this.failure.problem, this.failure.declaredLength);
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Buffer[] = [];
    for (;;) {
      if (this.payloadLength === null) {
        if (this.buffered < EPP_HEADER_BYTES) break;
        const total = this.take(EPP_HEADER_BYTES).readUInt32BE(0);
        if (total <= EPP_HEADER_BYTES || total > this.maxFrameBytes) {
          this.chunks = [];
          this.buffered = 0;
          const problem: FrameProblem = total <= EPP_HEADER_BYTES ? 'bad-frame-header' : 'frame-too-large';
          this.failure = new FrameError(problem, total, frames);
          throw this.failure;
        }
        this.payloadLength = total - EPP_HEADER_BYTES;
      }
      if (this.buffered < this.payloadLength) break;
      frames.push(this.take(this.payloadLength));
      this.payloadLength = null;
    }
    return frames;
  }

  /** Removes and returns the first `n` buffered bytes (n <= buffered). */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const head = this.chunks[0];
        const used = Math.min(head.length, n - filled);
        head.copy(out, filled, 0, used);
        filled += used;
        if (used === head.length) this.chunks.shift();
        else this.chunks[0] = head.subarray(used);
      }
    }
    this.buffered -= n;
    return out;
  }
}

/** Wraps one XML document in an RFC 5734 frame (4-byte big-endian total length + payload). */
export function encodeFrame(xml: string | Buffer): Buffer {
  const payloadLength = typeof xml === 'string' ? Buffer.byteLength(xml, 'utf8') : xml.length;
  const total = payloadLength + EPP_HEADER_BYTES;
  if (total > EPP_MAX_ENCODABLE_BYTES) throw new RangeError(`EPP frame of ${total} bytes cannot be encoded`);
  const frame = Buffer.allocUnsafe(total);
  frame.writeUInt32BE(total, 0);
  if (typeof xml === 'string') frame.write(xml, EPP_HEADER_BYTES, 'utf8');
  else xml.copy(frame, EPP_HEADER_BYTES);
  return frame;
}
