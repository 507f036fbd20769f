/** Errors of the capacity domain; their `name` is the failure type workflows and tests match on. */
import { SwaybotError, type SwaybotErrorOptions } from '../errors/index.js';

/** A capacity error that says whether another attempt could succeed (the peer may recover: 5xx, network). */
abstract class CapacityError extends SwaybotError {
  constructor(
    message: string,
    readonly retryable: boolean,
    options: SwaybotErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A scaler could not read or change what runs. */
export class ScalerError extends CapacityError {
  override name = 'ScalerError';
}

/** History could not be read, or is too sparse to forecast from. */
export class HistoryError extends CapacityError {
  override name = 'HistoryError';
}

/** The capacity settings of a service are missing or wrong. */
export class CapacitySettingsError extends SwaybotError {
  override name = 'CapacitySettingsError';
  readonly retryable = false;
}
