import {
  BmcAuthenticationError, BmcCommandError, BmcTimeoutError, BmcUnreachableError, BmcUnsupportedError,
  type HardwareError,
} from '../errors/index.js';

/** Why a session could not be opened, from ipmitool's `-v` diagnostics. */
const SESSION_PATTERNS: readonly [RegExp, (host: string, where: string) => HardwareError][] = [
  [/HMAC is invalid|unauthorized name|invalid (user ?name|password)|Authentication type .* not supported|insufficient privilege/i,
    (h, w) => new BmcAuthenticationError(h, `host ${h}: BMC ${w} rejected the username or password`)],
  [/invalid (authentication|integrity|confidentiality) algorithm|cipher suite|no matching cipher/i,
    (h, w) => new BmcUnsupportedError(h, `host ${h}: BMC ${w} does not support the configured cipher suite`)],
  [/Address lookup .* failed|Could not open socket/i,
    (h, w) => new BmcUnreachableError(h, `host ${h}: BMC address ${w} cannot be resolved or reached`)],
];

/** Command-level failures once a session exists. */
const COMMAND_PATTERNS: readonly [RegExp, (host: string, where: string, detail: string) => HardwareError][] = [
  [/Invalid command|not supported|Command not supported|Invalid completion code.*(0xc1|Invalid command)|Unknown command|Invalid .* command/i,
    (h, w, d) => new BmcUnsupportedError(h, `host ${h}: BMC ${w} does not support this command (${d})`)],
];

/** True when ipmitool could not open an RMCP+ session (ipmitool prints the same line for every cause). */
export function isSessionFailure(stderr: string): boolean {
  return /Unable to establish IPMI v2 \/ RMCP\+ session|Error: Unable to establish/i.test(stderr);
}

/**
 * The one place that turns ipmitool's outcome into an error class. `diagnosis` is the
 * stderr of a verbose retry, which names the cause a plain session failure hides.
 * Callers scrub secrets from `stderr` before passing it.
 */
export function classifyIpmiFailure(
  host: string,
  where: string,
  outcome: { readonly ended: 'exit' | 'timeout' | 'abort'; readonly stderr: string; readonly code: number | null },
  diagnosis = '',
  timeoutMs = 0,
): HardwareError {
  if (outcome.ended === 'timeout') return new BmcTimeoutError(host, `host ${host}: BMC ${where} did not answer within ${timeoutMs} ms`);
  if (outcome.ended === 'abort') return new BmcTimeoutError(host, `host ${host}: call to BMC ${where} was cancelled`);
  const text = `${outcome.stderr}\n${diagnosis}`;
  if (isSessionFailure(outcome.stderr)) {
    for (const [pattern, make] of SESSION_PATTERNS) if (pattern.test(text)) return make(host, where);
    return new BmcUnreachableError(host, `host ${host}: no IPMI session with BMC ${where} (no answer; is IPMI over LAN enabled?)`);
  }
  const detail = firstLine(outcome.stderr) || `ipmitool exited with status ${String(outcome.code)}`;
  for (const [pattern, make] of COMMAND_PATTERNS) if (pattern.test(outcome.stderr)) return make(host, where, detail);
  return new BmcCommandError(host, `host ${host}: BMC ${where} refused the command: ${detail}`);
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l.length > 0 && !/^Password:|IANA PEN/.test(l)) ?? '';
}
