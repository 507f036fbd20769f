/**
 * Connects to a Temporal frontend and checks that it answers, so a missing server, a TLS
 * problem or refused credentials is one clear line (`TemporalUnreachableError`) instead of
 * "Failed to connect before the deadline" or a gRPC stack trace.
 */
import { Connection } from '@temporalio/client';
import type { TemporalConnectOptions } from './connection.js';
import { TemporalUnreachableError } from './errors/temporal-unreachable.js';
import { diagnoseTls } from './tls-diagnosis.js';

/** gRPC status codes of a server that took the connection but not the caller. */
const REFUSED: Record<number, 'UNAUTHENTICATED' | 'PERMISSION_DENIED'> = { 7: 'PERMISSION_DENIED', 16: 'UNAUTHENTICATED' };

/** Connects (client side) and calls GetSystemInfo; throws `TemporalUnreachableError` saying why it failed. */
export async function connectTemporal(options: TemporalConnectOptions, connectTimeoutMs = 3000): Promise<Connection> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: connectTimeoutMs });
    await connection.workflowService.getSystemInfo({});
    return connection;
  } catch (err) {
    await connection?.close().catch(() => undefined);
    throw await connectFailure(options, err);
  }
}

/**
 * What a failed connection (client or worker) means, as a `TemporalUnreachableError`: refused
 * credentials by their gRPC status, TLS problems by a TLS connection of our own (tls-diagnosis.ts).
 */
export async function connectFailure(options: TemporalConnectOptions, err: unknown): Promise<TemporalUnreachableError> {
  const security = describeOptions(options);
  // The client wraps the gRPC error of its first call ("Failed to connect to Temporal server"): its status is in a cause.
  type GrpcError = { code?: unknown; details?: unknown };
  let grpc: GrpcError | undefined;
  for (let e: unknown = err; e instanceof Error && !grpc; e = e.cause) if (typeof (e as GrpcError).code === 'number') grpc = e as GrpcError;
  const message = err instanceof Error ? err.message : String(err);
  const refused = typeof grpc?.code === 'number' ? REFUSED[grpc.code] : nativeRefusal(message);
  if (refused) {
    const details = grpc?.details ?? /message: "([^"]*)"/.exec(message)?.[1];
    const hint = options.apiKey !== undefined ? 'check TEMPORAL_API_KEY (api_key), and that the key may use this namespace' : 'this server wants credentials: set TEMPORAL_API_KEY or a client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH)';
    return new TemporalUnreachableError(options.address, `the server refused the credentials (${refused}${typeof details === 'string' && details ? `: ${details}` : ''}); ${hint}`, security, { cause: err, refused });
  }
  if (options.tls) {
    const reason = await diagnoseTls(options.address, options.tls === true ? {} : options.tls);
    return new TemporalUnreachableError(options.address, reason ?? message, security, { cause: err });
  }
  return new TemporalUnreachableError(options.address, message, security, { cause: err });
}

/** The worker's native connection names a gRPC status by its description (tonic's), not its number. */
function nativeRefusal(message: string): 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | undefined {
  if (message.includes('does not have valid authentication credentials')) return 'UNAUTHENTICATED';
  if (message.includes('does not have permission to execute')) return 'PERMISSION_DENIED';
  return undefined;
}

/** `mTLS, API key` and the like for these options; undefined for a plain connection. */
export function describeOptions(options: TemporalConnectOptions): string | undefined {
  const parts: string[] = [];
  if (options.tls) parts.push(options.tls !== true && options.tls.clientCertPair ? 'mTLS' : 'TLS');
  if (options.apiKey !== undefined) parts.push('API key');
  if (options.metadata && Object.keys(options.metadata).length) parts.push('gRPC metadata');
  return parts.length ? parts.join(', ') : undefined;
}
