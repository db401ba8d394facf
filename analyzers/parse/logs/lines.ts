/** Default cap on one log line, in bytes. Longer lines are cut to this length and counted. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/**
 * Receives one line without its `\n` (and without a trailing `\r`). `line` may be a view into the
 * caller's chunk or the splitter's own buffer: it stays valid until the `push`/`end` call that gave it
 * returns; copy it to keep it longer. `cut` is true when the line was longer than the cap and only its
 * first `maxLineBytes` bytes are given.
 */
export type LineHandler = (line: Uint8Array, cut: boolean) => void;

export interface LineSplitter {
  /** Feed the next chunk of the byte stream (any boundaries, including mid-line). */
  push(chunk: Uint8Array): void;
  /** Flush the last line when the stream does not end with `\n`. */
  end(): void;
  /** Number of lines that were cut at the cap so far. */
  readonly cutLines: number;
}

/**
 * Streaming line splitter over raw bytes: splits on `\n`, drops a trailing `\r` (CRLF), never buffers
 * more than `maxLineBytes` of one line (the rest of an over-long line is skipped until its `\n`).
 * Bytes are not decoded, so invalid UTF-8 passes through untouched.
 */
export function createLineSplitter(onLine: LineHandler, maxLineBytes = DEFAULT_MAX_LINE_BYTES): LineSplitter {
  // Grown on demand (only lines that span chunks use it): a bundle of 100,000 small logs must not allocate 64 KiB per file.
  let carry = new Uint8Array(0);
  let carryLen = 0;
  // `carry` was handed out as a line during this push: the next partial line goes to a new buffer.
  let handedOut = false;
  let overflow = false; // the current line passed the cap: skip until its newline
  let cutLines = 0;

  const emit = (line: Uint8Array, cut: boolean): void => {
    const n = line.length;
    onLine(!cut && n > 0 && line[n - 1] === 0x0d ? line.subarray(0, n - 1) : line, cut);
  };
  const reserve = (n: number): void => {
    if (n <= carry.length) return;
    const grown = new Uint8Array(Math.min(maxLineBytes, Math.max(n, carry.length * 2, 256)));
    grown.set(carry.subarray(0, carryLen));
    carry = grown;
  };
  const append = (part: Uint8Array): void => {
    if (handedOut) {
      carry = new Uint8Array(carry.length);
      handedOut = false;
    }
    const room = maxLineBytes - carryLen;
    reserve(carryLen + Math.min(part.length, room));
    if (part.length > room) {
      carry.set(part.subarray(0, room), carryLen);
      carryLen = maxLineBytes;
      overflow = true;
    } else {
      carry.set(part, carryLen);
      carryLen += part.length;
    }
  };
  const finishLine = (tail: Uint8Array): void => {
    if (carryLen === 0 && !overflow) {
      if (tail.length > maxLineBytes) {
        cutLines++;
        emit(tail.subarray(0, maxLineBytes), true);
      } else emit(tail, false);
      return;
    }
    if (!overflow) append(tail);
    if (overflow) cutLines++;
    emit(carry.subarray(0, carryLen), overflow);
    handedOut = true;
    carryLen = 0;
    overflow = false;
  };

  return {
    push(chunk) {
      handedOut = false;
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        finishLine(chunk.subarray(start, nl));
        start = nl + 1;
      }
      if (start < chunk.length && !overflow) append(chunk.subarray(start));
    },
    end() {
      if (carryLen > 0 || overflow) finishLine(new Uint8Array(0));
    },
    get cutLines() {
      return cutLines;
    },
  };
}
