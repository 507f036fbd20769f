/**
 * Every error class that can leave an activity is a SwaybotError whose name is its failure type,
 * and `toFailure` turns each into the failure a workflow receives: same message, that type, its
 * retryability and its details, across Temporal's failure converter (what crosses the wire).
 */
import { ApplicationFailure, CancelledFailure, DefaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { asFailures } from '../../activities/as-failures.js';
import * as activityErrors from '../../activities/errors/index.js';
import { toFailure } from '../../activities/to-failure.js';
import { isSwaybotError, type SwaybotError } from '../../errors/index.js';
import * as credentials from '../../hardware/credentials.js';
import * as hardwareErrors from '../../hardware/errors/index.js';
import * as inventory from '../../hardware/inventory.js';
import * as ledgerErrors from '../../ledger/errors/index.js';

type Case = [error: SwaybotError, type: string, retryable: boolean, details: Record<string, unknown>, message?: string];

const h = hardwareErrors;
const CASES: Case[] = [
  [new activityErrors.InvalidArgumentsError('Invalid arguments for `log`: level: bad', { action: 'log', problems: ['level: bad'] }), 'InvalidArguments', false, { action: 'log', problems: ['level: bad'] }],
  [new activityErrors.HostNotAllowedError('evil.example', ['ok.example']), 'HostNotAllowed', false, { host: 'evil.example' }],
  [new activityErrors.AddressNotAllowedError('Address `127.0.0.1:7233` is a loopback address', { host: 'localhost', address: '127.0.0.1', port: 7233 }), 'AddressNotAllowed', false, { host: 'localhost', address: '127.0.0.1', port: 7233 }],
  [new activityErrors.HttpStatusError('GET', 'http://svc/health', 503, 'Service Unavailable'), 'HttpStatus', true, { status: 503 }, 'GET http://svc/health answered 503 Service Unavailable'],
  [new activityErrors.HttpStatusError('GET', 'http://svc/health', 404, ''), 'HttpStatus', false, { status: 404 }],
  [new activityErrors.HttpRequestFailedError('GET http://svc/ failed: ECONNREFUSED', { url: 'http://svc/' }), 'HttpRequestFailed', true, { url: 'http://svc/' }],
  [new activityErrors.PowerStateTimeoutError('web-1', 'cycle', 'on', '2m'), 'PowerStateTimeout', false, { host: 'web-1', state: 'cycle' }, 'host web-1: power is not on 2m after `cycle`'],
  [new activityErrors.PowerStateTimeoutError('web-1', 'off', 'off', '30s'), 'PowerStateTimeout', true, { host: 'web-1', state: 'off' }],
  [new h.BmcAuthenticationError('web-1', 'host web-1: BMC 10.0.0.9:623 rejected the username or password'), 'BmcAuthenticationError', false, { host: 'web-1', kind: 'authentication' }],
  [new h.BmcUnsupportedError('web-1', 'host web-1: no such command'), 'BmcUnsupportedError', false, { host: 'web-1', kind: 'unsupported' }],
  [new h.BmcCommandError('web-1', 'host web-1: refused'), 'BmcCommandError', false, { host: 'web-1', kind: 'command' }],
  [new h.BmcTimeoutError('web-1', 'host web-1: no answer within 500 ms'), 'BmcTimeoutError', true, { host: 'web-1', kind: 'timeout' }],
  // A message that does not name its host gets it in front: the run status must say which host.
  [new h.BmcUnreachableError('web-1', 'no IPMI session with BMC 10.0.0.9:623'), 'BmcUnreachableError', true, { host: 'web-1', kind: 'unreachable' }, 'host web-1: no IPMI session with BMC 10.0.0.9:623'],
  [new credentials.CredentialsError('host web-1: environment variable BMC_PW (BMC password) is not set', { details: { host: 'web-1' } }), 'CredentialsError', false, { host: 'web-1' }],
  [new inventory.InventoryError('unknown host "web-9" in inv.yaml; known hosts: web-1', { details: { host: 'web-9' } }), 'InventoryError', false, { host: 'web-9' }],
  [new ledgerErrors.InvalidEventError(['type: bad']), 'InvalidEventError', false, {}, 'Invalid ledger event: type: bad'],
  [new ledgerErrors.DuplicateEventError('a/b', 'f'.repeat(64), 'e'.repeat(64)), 'DuplicateEventError', false, { eventId: 'a/b' }],
  [new ledgerErrors.UnknownEventError('x'), 'UnknownEventError', false, { eventId: 'x' }],
  [new ledgerErrors.LedgerUnavailableError('The ledger is closed'), 'LedgerUnavailableError', true, {}],
  [new ledgerErrors.ReadOnlyLedgerError('Cannot append to ledger `l`: it was opened read-only'), 'ReadOnlyLedgerError', false, {}],
  [new ledgerErrors.LedgerRejectedError('ACCESS_DENIED', 'only writers may append'), 'LedgerRejectedError', false, { code: 'ACCESS_DENIED' }, 'The ledger refused the append (ACCESS_DENIED): only writers may append'],
];

/** The error classes a module exports. */
const classesOf = (module: Record<string, unknown>): string[] =>
  Object.entries(module).flatMap(([name, value]) => (typeof value === 'function' && value.prototype instanceof Error ? [name] : []));

describe('error surface', () => {
  it('has a case below for every exported error class (abstract bases excepted)', () => {
    const exported = [activityErrors, hardwareErrors, ledgerErrors, credentials, inventory].flatMap(classesOf).filter((n) => n !== 'HardwareError');
    expect(new Set(CASES.map(([e]) => e.constructor.name))).toEqual(new Set(exported));
  });

  it('makes each a SwaybotError whose type is its name, with its retryability and safe details', () => {
    for (const [error, type, retryable, details, message] of CASES) {
      expect(isSwaybotError(error), type).toBe(true);
      expect([error.name, error.type, error.retryable], type).toEqual([type, type, retryable]);
      expect(error.details, type).toEqual(details);
      if (message !== undefined) expect(error.message, type).toBe(message);
    }
    expect(isSwaybotError(new Error('plain'))).toBe(false);
  });
});

describe('toFailure', () => {
  const converter = new DefaultFailureConverter();

  it('keeps message, type, retryability and details, also after the failure converter', () => {
    for (const [error, type, retryable, details] of CASES) {
      const failure = toFailure(error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      const received = converter.failureToError(converter.errorToFailure(failure, defaultPayloadConverter), defaultPayloadConverter);
      expect(received, type).toBeInstanceOf(ApplicationFailure);
      expect(received, type).toMatchObject({ message: error.message, type, nonRetryable: !retryable, details: [details] });
    }
  });

  it('passes an ApplicationFailure as it is, and types anything else by its name, retryable', () => {
    const own = ApplicationFailure.nonRetryable('stop', 'Mine');
    expect(toFailure(own)).toBe(own);
    expect(toFailure(new TypeError('x is undefined'))).toMatchObject({ message: 'x is undefined', type: 'TypeError', nonRetryable: false });
  });
});

describe('asFailures', () => {
  it('turns our errors into their failures and lets anything else through untouched', async () => {
    const failing = (error: unknown) => asFailures(async (): Promise<void> => Promise.reject(error));
    await expect(failing(new ledgerErrors.LedgerRejectedError('X', 'no'))()).rejects.toMatchObject({ type: 'LedgerRejectedError', nonRetryable: true });
    const cancelled = new CancelledFailure('cancelled');
    await expect(failing(cancelled)()).rejects.toBe(cancelled);
  });
});
