/**
 * A typed client for OctoPrint's REST API (1.11; docs.octoprint.org/en/master/api): version,
 * connection, file upload/select/delete, job start/cancel/progress, printer state. The API key
 * goes in the `X-Api-Key` header only; it is kept in a private field and never put in a
 * message, an error or a log line. Every failure is an `OctoPrintError` that says whether a
 * retry could help.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { OctoPrintError } from './errors.js';

export interface OctoPrintClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:5000` (a trailing slash is fine). */
  url: string;
  /** The API key (a user's, an application's or the global one). */
  apiKey: string;
  /** Per-request timeout (default 30 s; uploads get four times that). */
  timeoutMs?: number;
  /** For tests: the fetch to use (default the global one). */
  fetch?: typeof fetch;
}

export interface OctoPrintVersion {
  /** The API version, e.g. `0.1`. */
  api: string;
  /** OctoPrint's version, e.g. `1.11.8`. */
  server: string;
  text: string;
}

export interface OctoPrintConnection {
  /** e.g. `Operational`, `Closed`, `Printing`, `Opening serial connection`, `Error: …`. */
  state: string;
  port: string | null;
  baudrate: number | null;
  /** The ports OctoPrint offers (includes `VIRTUAL` when the virtual printer is enabled). */
  ports: string[];
}

export interface ConnectOptions {
  port?: string;
  baudrate?: number;
  printerProfile?: string;
  /** Also connect by itself on the next start. */
  autoconnect?: boolean;
  /** Save port/baudrate as the defaults. */
  save?: boolean;
}

export interface UploadOptions {
  /** Select the file for printing once uploaded. */
  select?: boolean;
  /** Start printing it once uploaded (implies select). */
  print?: boolean;
}

export interface UploadedFile {
  name: string;
  /** The path OctoPrint stored it under (in `local`). */
  path: string;
  /** True once OctoPrint has finished processing the upload. */
  done: boolean;
}

export interface JobFile {
  name: string;
  path: string;
  origin: string;
  /** Bytes, when known. */
  size: number | null;
}

export interface OctoPrintJob {
  /** OctoPrint's state text: `Operational`, `Printing`, `Cancelling`, `Paused`, `Error`, `Offline`, … */
  state: string;
  /** Percent done, 0–100 (0 when OctoPrint reports none). */
  completion: number;
  /** Seconds printed so far, when known. */
  printTime: number | null;
  /** OctoPrint's estimate of the seconds left, when it has one. */
  printTimeLeft: number | null;
  /** The selected file, or null when none is. */
  file: JobFile | null;
  /** The printer's error text when the state is an error. */
  error: string | null;
}

export interface PrinterStateFlags {
  operational: boolean;
  printing: boolean;
  cancelling: boolean;
  pausing: boolean;
  paused: boolean;
  error: boolean;
  ready: boolean;
  closedOrError: boolean;
}

export interface ToolTemperature {
  actual: number | null;
  target: number | null;
}

export interface OctoPrintPrinterState {
  /** e.g. `Operational`. */
  text: string;
  flags: PrinterStateFlags;
  /** By heater: `tool0`, `bed`, … */
  temperature: Record<string, ToolTemperature>;
  /** The printer's error, when there is one. */
  error: string | null;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function rec(v: unknown): Json {
  return isRecord(v) ? v : {};
}

/** The error code of a failed fetch (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, …), or its message. */
function networkReason(error: unknown): string {
  let e: unknown = error;
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (e.cause === undefined) break;
    e = e.cause;
  }
  return error instanceof Error ? error.message : String(error);
}

/** OctoPrint's message from an error body: `{"error": "…"}` from the API, else the text of an HTML error page. */
export function messageFromBody(body: string): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (isRecord(parsed)) {
      for (const key of ['error', 'message', 'description']) {
        const v = parsed[key];
        if (typeof v === 'string' && v.trim()) return v.trim();
      }
    }
    return undefined;
  } catch {
    // Not JSON: Flask's HTML error page keeps the description in a <p>.
  }
  const p = /<p>([\s\S]*?)<\/p>/i.exec(trimmed)?.[1] ?? (/<[a-z!]/i.test(trimmed) ? undefined : trimmed);
  if (p === undefined) return undefined;
  const text = p.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 500) : undefined;
}

export class OctoPrintClient {
  readonly url: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: OctoPrintClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Never shows the key (console.log, util.inspect, JSON.stringify). */
  toJSON(): { url: string } {
    return { url: this.url };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `OctoPrintClient { url: '${this.url}' }`;
  }

  async version(): Promise<OctoPrintVersion> {
    const body = rec(await this.#request('GET', '/api/version'));
    return { api: str(body['api']) ?? '', server: str(body['server']) ?? '', text: str(body['text']) ?? '' };
  }

  async connection(): Promise<OctoPrintConnection> {
    const body = rec(await this.#request('GET', '/api/connection'));
    const current = rec(body['current']);
    const ports = rec(body['options'])['ports'];
    return {
      state: str(current['state']) ?? 'Unknown',
      port: str(current['port']),
      baudrate: num(current['baudrate']),
      ports: Array.isArray(ports) ? ports.filter((p): p is string => typeof p === 'string') : [],
    };
  }

  /** Asks OctoPrint to connect to the printer (it answers at once; poll `connection()` for `Operational`). */
  async connect(options: ConnectOptions = {}): Promise<void> {
    const body: Json = { command: 'connect' };
    if (options.port !== undefined) body['port'] = options.port;
    if (options.baudrate !== undefined) body['baudrate'] = options.baudrate;
    if (options.printerProfile !== undefined) body['printerProfile'] = options.printerProfile;
    if (options.autoconnect !== undefined) body['autoconnect'] = options.autoconnect;
    if (options.save !== undefined) body['save'] = options.save;
    await this.#request('POST', '/api/connection', { json: body });
  }

  /**
   * Uploads G-code to OctoPrint's local storage as `name` (multipart POST /api/files/local);
   * `gcode` is the content or the path of a file. Overwrites a file of the same name.
   */
  async upload(name: string, gcode: Buffer | string, options: UploadOptions = {}): Promise<UploadedFile> {
    const blob = typeof gcode === 'string' ? await openAsBlob(gcode) : new Blob([new Uint8Array(gcode)]);
    const form = new FormData();
    form.append('file', blob, name || (typeof gcode === 'string' ? basename(gcode) : 'print.gcode'));
    if (options.select || options.print) form.append('select', 'true');
    if (options.print) form.append('print', 'true');
    const body = rec(await this.#request('POST', '/api/files/local', { form, timeoutMs: this.#timeoutMs * 4 }));
    const local = rec(rec(body['files'])['local']);
    return {
      name: str(local['name']) ?? name,
      path: str(local['path']) ?? str(local['name']) ?? name,
      done: body['done'] === true,
    };
  }

  /** Selects an uploaded file for printing, and starts it when `print` is true. */
  async select(name: string, print = false): Promise<void> {
    await this.#request('POST', `/api/files/local/${encodePath(name)}`, { json: { command: 'select', print } });
  }

  /** Starts printing the selected file (409, retryable, when the printer is not operational or busy). */
  async start(): Promise<void> {
    await this.#request('POST', '/api/job', { json: { command: 'start' } });
  }

  /** Cancels the current print (409 when nothing is printing). */
  async cancel(): Promise<void> {
    await this.#request('POST', '/api/job', { json: { command: 'cancel' } });
  }

  async job(): Promise<OctoPrintJob> {
    const body = rec(await this.#request('GET', '/api/job'));
    const job = rec(body['job']);
    const file = rec(job['file']);
    const progress = rec(body['progress']);
    const completion = num(progress['completion']);
    const fileName = str(file['name']);
    return {
      state: str(body['state']) ?? 'Unknown',
      completion: completion === null ? 0 : Math.min(100, Math.max(0, completion)),
      printTime: num(progress['printTime']),
      printTimeLeft: num(progress['printTimeLeft']),
      file:
        fileName === null
          ? null
          : { name: fileName, path: str(file['path']) ?? fileName, origin: str(file['origin']) ?? 'local', size: num(file['size']) },
      error: str(body['error']) || null,
    };
  }

  /** GET /api/printer (409, retryable, while OctoPrint is not connected to the printer). */
  async printerState(): Promise<OctoPrintPrinterState> {
    const body = rec(await this.#request('GET', '/api/printer?history=false'));
    const state = rec(body['state']);
    const flags = rec(state['flags']);
    const flag = (k: string) => flags[k] === true;
    const temperature: Record<string, ToolTemperature> = {};
    for (const [heater, value] of Object.entries(rec(body['temperature']))) {
      if (!isRecord(value)) continue;
      temperature[heater] = { actual: num(value['actual']), target: num(value['target']) };
    }
    return {
      text: str(state['text']) ?? 'Unknown',
      flags: {
        operational: flag('operational'),
        printing: flag('printing'),
        cancelling: flag('cancelling'),
        pausing: flag('pausing'),
        paused: flag('paused'),
        error: flag('error'),
        ready: flag('ready'),
        closedOrError: flag('closedOrError'),
      },
      temperature,
      error: str(state['error']) || null,
    };
  }

  /** Deletes an uploaded file (404 when there is none; 409 while it is printing). */
  async delete(name: string): Promise<void> {
    await this.#request('DELETE', `/api/files/local/${encodePath(name)}`);
  }

  async #request(
    method: string,
    path: string,
    options: { json?: unknown; form?: FormData; timeoutMs?: number } = {},
  ): Promise<unknown> {
    const request = `${method} ${path.replace(/\?.*$/, '')}`;
    const headers: Record<string, string> = { 'X-Api-Key': this.#apiKey, accept: 'application/json' };
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    let res: Response;
    try {
      res = await this.#fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const reason = timedOut ? `no answer in ${timeoutMs} ms` : networkReason(error);
      throw new OctoPrintError(`OctoPrint at ${this.url} is unreachable (${request}: ${this.#redact(reason)})`, {
        url: this.url,
        request,
        retryable: true,
        cause: error,
      });
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      if (!text.trim()) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    }
    const raw = messageFromBody(text);
    const printerMessage = raw === undefined ? undefined : this.#redact(raw);
    const said = printerMessage ? `: ${printerMessage.replace(/\.+$/, '')}` : '';
    const base = { url: this.url, request, status: res.status, ...(printerMessage !== undefined ? { printerMessage } : {}) };
    // OctoPrint skips its CSRF check only for a request its API key logged in; for a POST with a
    // key it does not accept it answers 400 "CSRF validation failed" instead of 403.
    const keyRefused = res.status === 401 || res.status === 403 || (res.status === 400 && /CSRF/i.test(printerMessage ?? ''));
    if (keyRefused) {
      throw new OctoPrintError(
        `OctoPrint at ${this.url} refused the API key (${res.status} on ${request})${said}. Check the API key the printer's configuration refers to.`,
        { ...base, retryable: false },
      );
    }
    if (res.status === 404) {
      throw new OctoPrintError(`OctoPrint at ${this.url}: not found (404 on ${request})${said}`, { ...base, retryable: false });
    }
    if (res.status === 409) {
      throw new OctoPrintError(`OctoPrint at ${this.url}: the printer is not ready (409 on ${request})${said || ': printer not operational or busy'}`, {
        ...base,
        retryable: true,
      });
    }
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    throw new OctoPrintError(`OctoPrint at ${this.url} answered ${res.status} to ${request}${said}`, { ...base, retryable });
  }

  /** Takes the key out of a text that came from elsewhere (a body, an error message). */
  #redact(text: string): string {
    return this.#apiKey ? text.split(this.#apiKey).join('[redacted]') : text;
  }
}

function encodePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}
