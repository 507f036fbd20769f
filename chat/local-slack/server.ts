/**
 * The local Slack's HTTP side: `/api/<method>` answers Web API calls (JSON or
 * form-encoded bodies, as the SDK sends them; `Authorization: Bearer` or a
 * `token` field), injecting queued faults; `/response/<id>` takes response_url
 * replies. Every call is recorded, bad input gets Slack's error, never a crash.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, Faults } from './faults.js';
import type { ResponseUrls } from './response-urls.js';
import type { SlackState } from './state.js';
import type { Args } from './args.js';
import { METHODS, type Reply } from './web-api.js';

/** Larger request bodies are refused unread (Slack's own limits are lower for most methods). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Scopes the local bot token claims (the SDK reads them from `x-oauth-scopes`). */
const SCOPES = 'chat:write,channels:read,channels:history,groups:read,groups:history,users:read,commands';

/** Fields the SDK sends as JSON strings in form bodies; recorded parsed. */
const JSON_FIELDS = ['blocks', 'metadata', 'attachments'];

export interface ServerDeps {
  state: SlackState;
  faults: Faults;
  responseUrls: ResponseUrls;
  botToken: string;
}

/** The request listener of the local Slack's `node:http` server. */
export function createHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'internal_error' });
      else res.destroy();
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local-slack');
  const bytes = await readBody(req);
  if (bytes === undefined) return send(res, 413, { ok: false, error: 'request_too_large' }, { connection: 'close' });
  const contentType = String(req.headers['content-type'] ?? '');
  const upload = /^\/upload\/([A-Za-z0-9-]+)$/.exec(url.pathname);
  if (upload && req.method === 'POST') return receiveUpload(deps, upload[1] as string, bytes, contentType, res);
  const raw = bytes.toString('utf8');
  const response = /^\/response\/([0-9a-f]+)$/.exec(url.pathname);
  if (response && req.method === 'POST') {
    const answer = deps.responseUrls.receive(response[1] as string, raw, contentType);
    return send(res, answer.status, answer.body);
  }
  const api = /^\/api\/([A-Za-z0-9._]+)$/.exec(url.pathname);
  if (!api || (req.method !== 'POST' && req.method !== 'GET')) return send(res, 404, { ok: false, error: 'not_found' });
  const method = api[1] as string;
  const parsed = parseArgs(url, raw, contentType);
  const { token, ...args } = 'error' in parsed ? { token: undefined } : parsed.args;
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  const given = bearer ?? (typeof token === 'string' && token !== '' ? token : undefined);
  const record = (status: number, body: Reply['body'], fault?: Fault) =>
    deps.state.calls.push({ method, args: recorded(args), at: new Date(), status, ok: body.ok, ...(typeof body['error'] === 'string' ? { error: body['error'] } : {}), ...(fault ? { fault } : {}) });
  const answer = (status: number, body: Reply['body'], fault?: Fault, headers: Record<string, string> = {}) => {
    record(status, body, fault);
    send(res, status, body, headers);
  };

  if (given === undefined) return answer(200, { ok: false, error: 'not_authed' });
  if (given !== deps.botToken) return answer(200, { ok: false, error: 'invalid_auth' });
  if ('error' in parsed) return answer(200, { ok: false, error: parsed.error });
  const handler = METHODS[method];
  if (!handler) return answer(200, { ok: false, error: 'unknown_method', req_method: method });

  const fault = deps.faults.take(method);
  if (fault?.startsWith('ratelimited')) {
    const seconds = fault.split(':')[1] ?? '1';
    return answer(429, { ok: false, error: 'ratelimited' }, fault, { 'retry-after': seconds });
  }
  if (fault?.startsWith('error:')) return answer(200, { ok: false, error: fault.slice('error:'.length) }, fault);
  if (fault === 'http500') {
    record(500, { ok: false, error: 'http500' }, fault);
    res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body><h1>500 Internal Server Error</h1></body></html>');
    return;
  }
  const reply = handler(deps.state, args);
  if (fault === 'lose-response') {
    // The call took effect; the client never hears so.
    record(0, reply.body, fault);
    req.socket.destroy();
    return;
  }
  answer(200, reply.body);
}

/** Query and body arguments; a JSON body that is not an object is Slack's `invalid_json`. */
function parseArgs(url: URL, raw: string, contentType: string): { args: Args } | { error: string } {
  const args: Args = Object.fromEntries(url.searchParams);
  if (raw.trim() === '') return { args };
  if (contentType.includes('application/json')) {
    try {
      const json: unknown = JSON.parse(raw);
      if (typeof json !== 'object' || json === null || Array.isArray(json)) return { error: 'invalid_json' };
      return { args: { ...args, ...(json as Args) } };
    } catch {
      return { error: 'invalid_json' };
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded') || contentType === '') {
    return { args: { ...args, ...Object.fromEntries(new URLSearchParams(raw)) } };
  }
  return { error: 'invalid_form_data' };
}

/** Arguments as recorded: JSON-string fields parsed, so tests read objects. */
function recorded(args: Args): Args {
  const out: Args = { ...args };
  for (const field of JSON_FIELDS) {
    const value = out[field];
    if (typeof value !== 'string') continue;
    try {
      out[field] = JSON.parse(value) as unknown;
    } catch {
      // Kept as sent: the handler answered Slack's error for it.
    }
  }
  return out;
}

/**
 * The bytes of an upload URL: raw, or the first file part of a multipart form (how
 * `@slack/web-api` sends them). Slack answers 200 with `OK - <length>`; an unknown id is a 404.
 */
async function receiveUpload(deps: ServerDeps, id: string, bytes: Buffer, contentType: string, res: ServerResponse): Promise<void> {
  const file = deps.state.files.get(id);
  let data = bytes;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://local-slack/upload', { method: 'POST', headers: { 'content-type': contentType }, body: bytes }).formData();
    const part = [...form.values()].find((v): v is File => typeof v !== 'string');
    data = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
  }
  deps.state.calls.push({ method: 'upload', args: { file_id: id, bytes: data.length }, at: new Date(), status: file ? 200 : 404, ok: file !== undefined });
  if (!file) return send(res, 404, { ok: false, error: 'file_not_found' });
  file.data = data;
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${data.length}`);
}

/** The body's bytes, or undefined when it is over the limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-oauth-scopes': SCOPES, ...headers });
  res.end(text);
}
