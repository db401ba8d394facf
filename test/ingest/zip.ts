/**
 * A small zip writer for tests (PKWARE APPNOTE 6.3.10 §4.3: local headers, data, central directory, end
 * record), so that cases can hold what no zip tool writes on purpose: `../` and absolute names, lying sizes,
 * central entries sharing one local header (the overlap bomb), symlink modes, UTC or DOS-only times.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  content?: string | Uint8Array;
  /** 0 stored, 8 deflate (default); other values are written as-is with stored data (unsupported methods). */
  method?: number;
  /** Unix mode for the external attributes (e.g. 0o120777 for a symlink, whose content is the target). */
  mode?: number;
  /** Info-ZIP `UT` (0x5455) extra field with this mtime (UTC); without it only the DOS time is written. */
  utcMtime?: Date;
  /** Declared uncompressed size, when it should lie. */
  declaredSize?: number;
  /** General-purpose flag bit 0: the entry claims to be encrypted. */
  encrypted?: boolean;
  /** Central directory entry pointing at the local header of entry number `sameDataAs` (no data of its own). */
  sameDataAs?: number;
}

function dos(d: Date): { date: number; time: number } {
  return { date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(), time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1) };
}

/** The bytes of a zip holding `entries`, in order. */
export function zipBytes(entries: readonly ZipEntrySpec[], when = new Date('2026-03-10T12:00:00Z')): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  const meta: Array<{ crc: number; csize: number; usize: number; method: number }> = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.from(e.content ?? '');
    const method = e.method ?? 8;
    const extra = e.utcMtime ? Buffer.concat([Buffer.from([0x55, 0x54, 5, 0, 1]), (() => { const b = Buffer.alloc(4); b.writeInt32LE(Math.floor(e.utcMtime!.getTime() / 1000)); return b; })()]) : Buffer.alloc(0);
    const { date, time } = dos(when);
    const flags = 0x800 | (e.encrypted ? 1 : 0);
    let m = meta[e.sameDataAs ?? -1];
    let localOffset = offsets[e.sameDataAs ?? -1];
    if (e.sameDataAs === undefined) {
      const body = method === 8 ? deflateRawSync(data) : data;
      m = { crc: crc32(data), csize: body.length, usize: e.declaredSize ?? data.length, method };
      const h = Buffer.alloc(30);
      h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(flags, 6); h.writeUInt16LE(method, 8);
      h.writeUInt16LE(time, 10); h.writeUInt16LE(date, 12); h.writeUInt32LE(m.crc, 14); h.writeUInt32LE(m.csize, 18);
      h.writeUInt32LE(m.usize, 22); h.writeUInt16LE(name.length, 26); h.writeUInt16LE(extra.length, 28);
      localOffset = offset;
      const local = Buffer.concat([h, name, extra, body]);
      locals.push(local);
      offset += local.length;
    }
    offsets[i] = localOffset!;
    meta[i] = m!;
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE((3 << 8) | 20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(m!.method, 10); c.writeUInt16LE(time, 12); c.writeUInt16LE(date, 14); c.writeUInt32LE(m!.crc, 16);
    c.writeUInt32LE(m!.csize, 20); c.writeUInt32LE(m!.usize, 24); c.writeUInt16LE(name.length, 28); c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE(((e.mode ?? (e.name.endsWith('/') ? 0o040755 : 0o100644)) << 16) >>> 0, 38); c.writeUInt32LE(localOffset!, 42);
    central.push(Buffer.concat([c, name, extra]));
  });
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
