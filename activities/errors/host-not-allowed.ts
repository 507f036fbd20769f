import { SwaybotError } from '../../errors/index.js';

/** `http.request` was asked to call a host outside `http.allowHosts`. */
export class HostNotAllowedError extends SwaybotError {
  override name = 'HostNotAllowed';
  readonly retryable = false;

  constructor(host: string, allowHosts: readonly string[]) {
    super(
      `Host \`${host}\` is not allowed; add it to \`http.allowHosts\` in the configuration (allowed: ${allowHosts.join(', ') || 'none'})`,
      { details: { host } },
    );
  }
}
