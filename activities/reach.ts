/**
 * Where `http.request` may connect, checked on the address actually dialled.
 * The allow-list names hosts; a name is resolved once, here, and every address
 * it resolves to is checked before the socket is opened to one of them, so a
 * name that answers differently a second time (DNS rebinding) gains nothing.
 * Loopback, unspecified, link-local and cloud-metadata addresses are refused
 * unless `http.allowHosts` names the address itself (or `localhost`, for
 * loopback), with the port when the entry has one.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';
import { isHostAllowed, normaliseHost } from '../actions/allowed-host.js';
import { AddressNotAllowedError } from './errors/address-not-allowed.js';

/** Addresses cloud providers serve instance credentials on. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

/** Why `address` is one a runbook must not reach unnamed, or undefined for an ordinary address. */
function sensitiveKind(address: string): string | undefined {
  const ip = ipaddr.process(address);
  if (METADATA.has(ip.toString())) return 'cloud-metadata';
  switch (ip.range()) {
    case 'loopback': return 'loopback';
    case 'unspecified': return 'unspecified';
    case 'linkLocal': return 'link-local';
    default: return undefined;
  }
}

/**
 * The refusal for connecting to `address`:`port` on behalf of `host`, or undefined when
 * `allowHosts` permits it.
 */
export function addressRefusal(host: string, address: string, port: number, allowHosts: readonly string[]): AddressNotAllowedError | undefined {
  const kind = sensitiveKind(address);
  if (kind === undefined) return undefined;
  const ip = ipaddr.process(address).toString();
  if (isHostAllowed(ip, allowHosts, port)) return undefined;
  if (kind === 'loopback' && isHostAllowed('localhost', allowHosts, port)) return undefined;
  const named = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  const via = normaliseHost(host) === ip ? '' : `Host \`${host}\` resolves to ${ip}: `;
  return new AddressNotAllowedError(
    `${via}Address \`${named}\` is ${kind === 'unspecified' ? 'an' : 'a'} ${kind} address, which is not allowed unless listed; add \`${named}\` to \`http.allowHosts\` in the configuration to allow it`,
    { host, address: ip, port },
  );
}

/** `dns.lookup` that fails with the refusal when any address of the name is not allowed. */
function checkedLookup(port: number, allowHosts: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const { address } of addresses) {
        const refusal = addressRefusal(hostname, address, port, allowHosts);
        if (refusal) return callback(refusal, []);
      }
      const [first] = addresses;
      if (options.all === true) return callback(null, addresses);
      if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * An undici Agent whose every connection is checked: literal addresses before dialling,
 * names through `checkedLookup`. One per request, destroyed when the request is done.
 */
export function checkedAgent(allowHosts: readonly string[]): Agent {
  return new Agent({
    connect: (opts, callback) => {
      const host = normaliseHost(opts.hostname);
      const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
      const refusal = isIP(host) ? addressRefusal(host, host, port, allowHosts) : undefined;
      if (refusal) return callback(refusal, null);
      return buildConnector({ lookup: checkedLookup(port, allowHosts) })(opts, callback);
    },
  });
}
