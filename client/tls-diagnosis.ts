/**
 * Says why a TLS connection to a Temporal frontend fails, in words an operator can act on.
 * The Node client reports every TLS failure as "Failed to connect before the deadline"; this
 * opens one TLS connection of its own with the same trust, name and client certificate,
 * sends the HTTP/2 preface, and names what went wrong: no server, an untrusted or misnamed
 * server certificate, a client certificate required or refused, a server without TLS.
 */
import { connect, type ConnectionOptions } from 'node:tls';
import { isIP } from 'node:net';
import type { TLSConfig } from '@temporalio/client';

/** HTTP/2 client preface and an empty SETTINGS frame: a gRPC server answers it with its own SETTINGS. */
const H2_PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/**
 * Why TLS to `address` fails with these settings, or undefined when a TLS connection works
 * (the failure lies elsewhere). Never includes key material; gives up after `timeoutMs`.
 */
export async function diagnoseTls(address: string, tls: TLSConfig, timeoutMs = 5000): Promise<string | undefined> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  const servername = tls.serverNameOverride ?? (isIP(host) ? undefined : host);
  const hasClientCert = tls.clientCertPair !== undefined;
  const options: ConnectionOptions = {
    host,
    port,
    ALPNProtocols: ['h2'],
    ...(servername ? { servername } : {}),
    ...(tls.serverRootCACertificate ? { ca: Buffer.from(tls.serverRootCACertificate) } : {}),
    ...(tls.clientCertPair ? { cert: Buffer.from(tls.clientCertPair.crt), key: Buffer.from(tls.clientCertPair.key) } : {}),
  };
  const failure = await attempt(options, timeoutMs);
  if (failure === undefined) return undefined;
  return explain(failure, { address, servername: servername ?? host, hasClientCert });
}

interface Failure {
  code: string;
  message: string;
  /** The TLS handshake had completed when it failed. */
  afterHandshake: boolean;
}

function attempt(options: ConnectionOptions, timeoutMs: number): Promise<Failure | undefined> {
  return new Promise((resolve) => {
    let handshaken = false;
    let socket: ReturnType<typeof connect>;
    const finish = (result: Failure | undefined) => {
      clearTimeout(timer);
      socket?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ code: 'TIMEOUT', message: `no answer within ${timeoutMs} ms`, afterHandshake: handshaken }), timeoutMs);
    try {
      socket = connect(options);
    } catch (err) {
      // Bad certificate or key material fails before any byte is sent.
      finish({ code: (err as NodeJS.ErrnoException).code ?? 'ERR_TLS_OPTIONS', message: (err as Error).message, afterHandshake: false });
      return;
    }
    socket.once('secureConnect', () => {
      handshaken = true;
      socket.write(H2_PREFACE);
    });
    socket.once('data', () => finish(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ code: err.code ?? 'ERROR', message: err.message, afterHandshake: handshaken }));
    socket.once('close', () => finish({ code: 'CLOSED', message: 'the server closed the connection', afterHandshake: handshaken }));
  });
}

function explain(f: Failure, ctx: { address: string; servername: string; hasClientCert: boolean }): string {
  const text = `${f.code} ${f.message}`.toLowerCase();
  if (f.code === 'ECONNREFUSED') return `nothing listens at ${ctx.address}`;
  if (f.code === 'ENOTFOUND' || f.code === 'EAI_AGAIN') return `the host of ${ctx.address} does not resolve`;
  if (UNTRUSTED.has(f.code)) {
    return `the server's certificate is not trusted (${f.message}): set TEMPORAL_TLS_SERVER_CA_CERT_PATH (tls.server_ca_cert_path) to the CA that signed it`;
  }
  if (f.code === 'CERT_HAS_EXPIRED' || f.code === 'CERT_NOT_YET_VALID') return `the server's certificate is not valid now (${f.message})`;
  if (f.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the server's certificate is not for ${ctx.servername}: set TEMPORAL_TLS_SERVER_NAME (tls.server_name) to a name it has`;
  }
  if (text.includes('certificate required') || (!ctx.hasClientCert && text.includes('handshake failure'))) {
    return 'the server requires a client certificate (mTLS) and none was sent: set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (tls.client_cert_path, tls.client_key_path)';
  }
  if (ctx.hasClientCert && /unknown ca|bad certificate|certificate unknown|handshake failure|access denied|unsupported certificate|decrypt error/.test(text)) {
    const alert = /alert ([a-z ]+)/.exec(text)?.[1]?.trim();
    return `the server refused the client certificate${alert ? ` (TLS alert "${alert}")` : ''}: it is not signed by a CA the server trusts for clients, or not for client use`;
  }
  if (f.code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' || text.includes('key values mismatch')) return 'the client private key does not belong to the client certificate';
  if (!f.afterHandshake && (text.includes('wrong version number') || text.includes('packet length too long') || f.code === 'ECONNRESET' || f.code === 'CLOSED')) {
    return `the server at ${ctx.address} does not answer TLS (it may take plain connections: then unset the TEMPORAL_TLS* settings)`;
  }
  if (f.afterHandshake) return `the server ended the connection after the TLS handshake (${f.message}); it may not accept this client`;
  return f.message;
}
