// A minimal ZIP writer (deflate, no extra fields) to size deployment archives offline. The Pulumi
// engine builds the real archive with Go's archive/zip, whose headers differ by a few bytes per entry.
import * as zlib from "zlib";

export interface ZipEntry {
    name: string;
    data: Buffer;
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
// 1980-01-01 00:00: a fixed timestamp keeps the archive (and its hash) deterministic.
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Size of a plain ZIP holding entries with these names and compressed sizes. */
export function zipSizeFor(entries: readonly { nameBytes: number; compressedBytes: number }[]): number {
    let size = END_RECORD;
    for (const e of entries) size += LOCAL_HEADER + CENTRAL_HEADER + 2 * e.nameBytes + e.compressedBytes;
    return size;
}

export function buildZip(entries: readonly ZipEntry[]): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const { name, data } of entries) {
        const nameBuf = Buffer.from(name, "utf8");
        const compressed = zlib.deflateRawSync(data);
        const crc = zlib.crc32(data);
        const local = Buffer.alloc(LOCAL_HEADER);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(20, 4); // version needed
        local.writeUInt16LE(0x0800, 6); // UTF-8 names
        local.writeUInt16LE(8, 8); // deflate
        local.writeUInt16LE(0, 10);
        local.writeUInt16LE(DOS_DATE, 12);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(compressed.length, 18);
        local.writeUInt32LE(data.length, 22);
        local.writeUInt16LE(nameBuf.length, 26);
        local.writeUInt16LE(0, 28);
        const central = Buffer.alloc(CENTRAL_HEADER);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
        central.writeUInt16LE(20, 6);
        central.writeUInt16LE(0x0800, 8);
        central.writeUInt16LE(8, 10);
        central.writeUInt16LE(0, 12);
        central.writeUInt16LE(DOS_DATE, 14);
        central.writeUInt32LE(crc, 16);
        central.writeUInt32LE(compressed.length, 20);
        central.writeUInt32LE(data.length, 24);
        central.writeUInt16LE(nameBuf.length, 28);
        central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
        central.writeUInt32LE(offset, 42);
        locals.push(local, nameBuf, compressed);
        centrals.push(central, nameBuf);
        offset += LOCAL_HEADER + nameBuf.length + compressed.length;
    }
    const centralSize = centrals.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(END_RECORD);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, ...centrals, end]);
}
