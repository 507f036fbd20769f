import { ActivityError } from './activity-error.js';

/** `http.request` was asked to call a host outside `http.allowHosts`. */
export class HostNotAllowedError extends ActivityError {
  override name = 'HostNotAllowed';
  readonly retryable = false;

  constructor(host: string, allowHosts: readonly string[]) {
    super(
      `Host \`${host}\` is not allowed; add it to \`http.allowHosts\` in the configuration (allowed: ${allowHosts.join(', ') || 'none'})`,
      { host },
    );
  }
}
