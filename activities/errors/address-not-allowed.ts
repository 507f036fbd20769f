import { SwaybotError, type ErrorDetails } from '../../errors/index.js';

/**
 * `http.request` was about to connect somewhere `http.allowHosts` does not allow: a port
 * the entry for its host does not name, a redirect to another host, or a name resolving
 * to a loopback, link-local or cloud-metadata address. Retrying cannot help.
 */
export class AddressNotAllowedError extends SwaybotError {
  override name = 'AddressNotAllowed';
  readonly retryable = false;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { details });
  }
}
