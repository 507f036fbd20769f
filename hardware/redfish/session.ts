import { BmcCommandError, BmcUnsupportedError } from '../errors/index.js';
import type { RedfishResponse, RedfishTarget, RequestOptions } from './http.js';
import { linkOf, obj } from './parse.js';

type Send = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }, opts: RequestOptions) => Promise<RedfishResponse>;

/**
 * Redfish session login: POSTs the credentials once to the Sessions collection the service root
 * links to and then sends the returned `X-Auth-Token`. The password is sent only at login.
 */
export class SessionAuth {
  private token: string | undefined;
  private location: string | undefined;

  constructor(
    private readonly target: RedfishTarget,
    private readonly send: Send,
  ) {}

  /** Headers authenticating one request; logs in on first use. */
  async headers(opts: RequestOptions): Promise<Record<string, string>> {
    this.token ??= await this.login(opts);
    return { 'X-Auth-Token': this.token };
  }

  /** Deletes the session on the BMC (sessions are a limited resource on most BMCs). */
  async logout(opts: RequestOptions): Promise<void> {
    if (!this.token || !this.location) return;
    const location = this.location;
    const token = this.token;
    this.token = undefined;
    this.location = undefined;
    await this.send(location, { method: 'DELETE', headers: { 'X-Auth-Token': token } }, opts);
  }

  private async login(opts: RequestOptions): Promise<string> {
    const host = this.target.host;
    const root = obj((await this.send('/redfish/v1/', {}, opts)).body);
    const sessions = linkOf(root, 'Links', 'Sessions') ?? (linkOf(root, 'SessionService') ? await this.sessionsOf(linkOf(root, 'SessionService') ?? '', opts) : null);
    if (!sessions) throw new BmcUnsupportedError(host, `host ${host}: the BMC offers no SessionService; use basic auth`);
    const res = await this.send(sessions, { method: 'POST', body: { UserName: this.target.username, Password: this.target.password.reveal() } }, opts);
    const token = res.headers.get('x-auth-token');
    if (!token) throw new BmcCommandError(host, `host ${host}: session login returned no X-Auth-Token`);
    this.location = res.headers.get('location') ?? undefined;
    return token;
  }

  private async sessionsOf(service: string, opts: RequestOptions): Promise<string | null> {
    return linkOf(obj((await this.send(service, {}, opts)).body), 'Sessions');
  }
}
