import { crc32, inflateRawSync } from 'node:zlib';

/** One file read back from a zip archive. */
export interface ZipFile {
  name: string;
  data: Buffer;
}

/**
 * The files of a zip archive, in central-directory order, read the way unzip tools do (end record →
 * central directory → local headers). Throws on anything a strict reader would refuse: a missing
 * signature, a local header that disagrees with the directory, an unknown method or a bad CRC.
 */
export function readZip(zip: Buffer): ZipFile[] {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > zip.length) throw new Error('no end-of-central-directory record');
  const count = zip.readUInt16LE(endAt + 10);
  const directoryEnd = zip.readUInt32LE(endAt + 16) + zip.readUInt32LE(endAt + 12);
  if (directoryEnd !== endAt)
    throw new Error(`the central directory ends at ${directoryEnd}, not at the end record (${endAt})`);
  const files: ZipFile[] = [];
  let at = zip.readUInt32LE(endAt + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`central directory entry ${i} has no signature`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + skip;

    if (zip.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`${name}: no local header at ${localAt}`);
    const localName = zip.toString('utf8', localAt + 30, localAt + 30 + zip.readUInt16LE(localAt + 26));
    if (localName !== name || zip.readUInt32LE(localAt + 14) !== crc || zip.readUInt16LE(localAt + 8) !== method) {
      throw new Error(`${name}: the local header disagrees with the central directory`);
    }
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const packed = zip.subarray(dataAt, dataAt + packedSize);
    let data: Buffer;
    if (method === 8) data = inflateRawSync(packed);
    else if (method === 0) data = Buffer.from(packed);
    else throw new Error(`${name}: compression method ${method} is not deflate or stored`);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, the directory says ${size}`);
    if (crc32(data) >>> 0 !== crc) throw new Error(`${name}: CRC mismatch`);
    files.push({ name, data });
  }
  return files;
}
