import { ApplicationFailure } from '@temporalio/common';
import { CredentialsError } from '../../hardware/credentials.js';
import { HardwareError } from '../../hardware/errors/index.js';
import { InventoryError } from '../../hardware/inventory.js';

/**
 * Turns what a hardware call threw into the failure Temporal records. BMC errors keep
 * their class name as type and their retryability (wrong password, unsupported: final;
 * timeout, unreachable: retried by the step's policy). An unknown host or an unresolvable
 * credential reference cannot heal by retrying. Messages come from the hardware layer,
 * which names host and reference but never a credential; details carry the host only.
 */
export function hardwareFailure(err: unknown, host: string): unknown {
  if (err instanceof HardwareError) {
    return ApplicationFailure.create({
      message: err.message.includes(err.host) ? err.message : `host ${err.host}: ${err.message}`,
      type: err.name,
      nonRetryable: !err.retryable,
      details: [{ host: err.host, kind: err.kind }],
    });
  }
  if (err instanceof InventoryError || err instanceof CredentialsError) {
    return ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true, details: [{ host }] });
  }
  return err;
}

/** Runs a hardware call for `host`, converting its errors with `hardwareFailure`. */
export async function forHost<T>(host: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw hardwareFailure(err, host);
  }
}
