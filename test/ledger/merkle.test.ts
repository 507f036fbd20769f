import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { inclusionProof, leafHash, merkleRoot, verifyProof } from '../../ledger/index.js';

const leaves = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => leafHash(createHash('sha256').update(`event ${i}`).digest('hex')));

describe('Merkle proofs', () => {
  it('verifies every leaf of trees of 1 to 33 leaves', () => {
    for (let n = 1; n <= 33; n++) {
      const ls = leaves(n);
      const root = merkleRoot(ls);
      ls.forEach((leaf, i) => expect(verifyProof(leaf, inclusionProof(ls, i), root), `leaf ${i} of ${n}`).toBe(true));
    }
  });

  it('separates leaves from nodes: a two-leaf root is not the hash of the concatenated leaves', () => {
    const ls = leaves(2);
    const plain = createHash('sha256').update(Buffer.from(ls[0]! + ls[1]!, 'hex')).digest('hex');
    expect(merkleRoot(ls)).not.toBe(plain);
    // A leaf hash is not the plain hash of the event hash either: the 0x00 prefix is there.
    const eventHashHex = createHash('sha256').update('event').digest('hex');
    expect(leafHash(eventHashHex)).not.toBe(createHash('sha256').update(Buffer.from(eventHashHex, 'hex')).digest('hex'));
  });

  it('fails when the proof, the leaf or the root is tampered with', () => {
    const ls = leaves(13);
    const root = merkleRoot(ls);
    const proof = inclusionProof(ls, 6);
    expect(verifyProof(ls[6]!, proof, root)).toBe(true);
    const flip = (hex: string): string => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    expect(verifyProof(flip(ls[6]!), proof, root)).toBe(false);
    expect(verifyProof(ls[6]!, proof, flip(root))).toBe(false);
    expect(verifyProof(ls[6]!, { ...proof, path: proof.path.map((p, i) => (i === 1 ? flip(p) : p)) }, root)).toBe(false);
    expect(verifyProof(ls[6]!, { ...proof, index: 7 }, root)).toBe(false);
    expect(verifyProof(ls[6]!, { ...proof, size: 7 }, root)).toBe(false);
    expect(verifyProof(ls[6]!, { ...proof, path: proof.path.slice(1) }, root)).toBe(false);
    expect(verifyProof(ls[6]!, { ...proof, path: [...proof.path, proof.path[0]!] }, root)).toBe(false);
    expect(verifyProof(ls[5]!, proof, root)).toBe(false);
  });

  it('refuses to build a root or proof for nothing', () => {
    expect(() => merkleRoot([])).toThrow(/without leaves/);
    expect(() => inclusionProof(leaves(3), 3)).toThrow(/outside a tree of 3 leaves/);
  });
});
