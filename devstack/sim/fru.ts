/** Text fields of a generated IPMI FRU image (ASCII, at most 63 characters each). */
export interface FruFields {
  readonly chassisPartNumber: string;
  readonly chassisSerial: string;
  readonly boardManufacturer: string;
  readonly boardProduct: string;
  readonly boardSerial: string;
  readonly boardPartNumber: string;
  readonly productManufacturer: string;
  readonly productName: string;
  readonly productPartNumber: string;
  readonly productVersion: string;
  readonly productSerial: string;
  readonly productAssetTag: string;
}

// Areas are laid out per the IPMI Platform Management FRU Information Storage
// Definition v1.0: an 8-byte common header, then chassis, board and product info
// areas, each padded to 8 bytes and closed by a zero-sum checksum.

function typeLength(text: string): number[] {
  if (!/^[\x20-\x7e]{0,63}$/.test(text)) throw new Error(`FRU field "${text}" must be printable ASCII, at most 63 characters`);
  return [0xc0 | text.length, ...Buffer.from(text, 'ascii')];
}

function checksum(bytes: readonly number[]): number {
  const sum = bytes.reduce((a, b) => a + b, 0);
  return (0x100 - (sum & 0xff)) & 0xff;
}

// Wraps area body bytes: version, length placeholder, body, end marker, padding, checksum.
function area(body: readonly number[]): number[] {
  const bytes = [0x01, 0, ...body, 0xc1];
  while ((bytes.length + 1) % 8 !== 0) bytes.push(0);
  bytes[1] = (bytes.length + 1) / 8;
  bytes.push(checksum(bytes));
  return bytes;
}

/** Builds a FRU image with chassis, board and product areas that `ipmitool fru print` decodes. */
export function buildFru(f: FruFields): Buffer {
  const chassisType = 0x17; // rack mount chassis
  const chassis = area([chassisType, ...typeLength(f.chassisPartNumber), ...typeLength(f.chassisSerial)]);
  // Manufacturing date: minutes since 1996-01-01, little-endian, 3 bytes; a fixed date keeps it reproducible.
  const minutes = Math.floor((Date.UTC(2024, 0, 15) - Date.UTC(1996, 0, 1)) / 60_000);
  const board = area([
    0x00, // language: English
    minutes & 0xff, (minutes >> 8) & 0xff, (minutes >> 16) & 0xff,
    ...typeLength(f.boardManufacturer),
    ...typeLength(f.boardProduct),
    ...typeLength(f.boardSerial),
    ...typeLength(f.boardPartNumber),
    ...typeLength(''), // FRU file id
  ]);
  const product = area([
    0x00,
    ...typeLength(f.productManufacturer),
    ...typeLength(f.productName),
    ...typeLength(f.productPartNumber),
    ...typeLength(f.productVersion),
    ...typeLength(f.productSerial),
    ...typeLength(f.productAssetTag),
    ...typeLength(''), // FRU file id
  ]);
  const chassisOffset = 1;
  const boardOffset = chassisOffset + chassis.length / 8;
  const productOffset = boardOffset + board.length / 8;
  const header = [0x01, 0, chassisOffset, boardOffset, productOffset, 0, 0];
  header.push(checksum(header));
  return Buffer.from([...header, ...chassis, ...board, ...product]);
}
