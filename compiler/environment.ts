/**
 * Checks against where the runbook will run: literal `host:` values of
 * hardware actions must be inventory hosts, and literal `url:` values of
 * `http.request` must have a host in `http.allowHosts`. Templated values are
 * only known at run time, where the activities check them again.
 */
import { hasTemplate } from '../expr/index.js';
import type { ActionCall } from '../plan/types.js';
import { isHostAllowed } from '../actions/index.js';
import { fail, type CompileContext } from './context.js';
import { suggest } from './diagnostics.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/** Action families whose `host` param names an inventory host. */
const HOST_ACTIONS = /^hardware\./;
const URL_ACTIONS = new Set(['http.request']);

function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !hasTemplate(value) ? value : undefined;
}

/**
 * Checks the literal host and URL of `call` (read at `path`: the block, or
 * its `compensate`) against the compile's environment. A missing inventory
 * is one warning per file, not one per host.
 */
export function checkEnvironment(
  ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], call: ActionCall,
): void {
  const { environment: { inventory, allowHosts }, warned } = ctx;
  const host = HOST_ACTIONS.test(call.action) ? literal(call.with['host']) : undefined;
  if (host !== undefined && inventory !== undefined) {
    const place = yaml.at([...path, 'with', 'host']);
    if ('unavailable' in inventory) {
      if (!warned.inventory) {
        warned.inventory = true;
        fail(ctx, 'no-inventory',
          `Unexpected literal host \`${host}\` without an inventory to check it against (${inventory.unavailable}), expected \`hardware.inventory\` to name a readable file`,
          place, { severity: 'warning' });
      }
    } else if (!inventory.includes(host)) {
      fail(ctx, 'unknown-host', `Unexpected host \`${host}\`, expected a host of the inventory`, place,
        { expected: suggest(host, inventory) });
    }
  }
  const url = URL_ACTIONS.has(call.action) ? literal(call.with['url']) : undefined;
  if (url !== undefined && allowHosts !== undefined) {
    let hostname: string | undefined;
    try {
      hostname = new URL(url).hostname;
    } catch {
      // A malformed URL is already a `bad-param` of the action's schema.
    }
    if (hostname !== undefined && !isHostAllowed(hostname, allowHosts)) {
      const list = allowHosts.map((h) => `\`${h}\``).join(', ') || 'nothing';
      fail(ctx, 'host-not-allowed',
        `Unexpected host \`${hostname}\` in \`url\`, expected one of \`http.allowHosts\` (${list}); add it there to let runs call it`,
        yaml.at([...path, 'with', 'url']));
    }
  }
}
