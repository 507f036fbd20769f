import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ledger from '../../ledger/index.js';

const root = join(import.meta.dirname, '../../ledger');

describe('ledger public surface', () => {
  it('exports the backend, helpers and named errors', () => {
    expect(Object.keys(ledger).sort()).toEqual(
      [
        'DuplicateEventError',
        'EmbeddedLedger',
        'GroupCommitWriter',
        'InvalidEventError',
        'LedgerRejectedError',
        'LedgerUnavailableError',
        'ReadOnlyEmbeddedLedger',
        'ReadOnlyLedgerError',
        'UnknownEventError',
        'availabilityReport',
        'eventHash',
        'eventId',
        'inclusionProof',
        'leafHash',
        'merkleRoot',
        'parseEvent',
        'payloadHashOf',
        'verifyProof',
      ].sort(),
    );
    const errors = [
      [new ledger.DuplicateEventError('a/b/c', 'f'.repeat(64), 'e'.repeat(64)), 'DuplicateEventError', /`a\/b\/c` is already recorded/],
      [new ledger.InvalidEventError(['type: bad']), 'InvalidEventError', /^Invalid ledger event: type: bad$/],
      [new ledger.UnknownEventError('x'), 'UnknownEventError', /No committed event with id `x`/],
      [new ledger.LedgerUnavailableError('closed'), 'LedgerUnavailableError', /^closed$/],
      [new ledger.ReadOnlyLedgerError('read-only'), 'ReadOnlyLedgerError', /^read-only$/],
    ] as const;
    for (const [error, name, message] of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.message).toMatch(message);
    }
  });

  it('imports no Temporal package anywhere under ledger/', () => {
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/from ['"]@temporalio\//);
  });
});
