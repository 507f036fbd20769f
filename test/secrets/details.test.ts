/** The Web UI's static details show secret references as written, and never a secret param's plain value. */
import { describe, expect, it } from 'vitest';
import { runDetails } from '../../client/details.js';
import type { ParamSpec } from '../../plan/types.js';
import { param, plan } from '../support-interpreter/plans.js';

const secretParam = (name: string, defaultValue?: string): ParamSpec => ({ ...param(name, 'string', defaultValue), secret: true }) as ParamSpec;

describe('run details and secrets', () => {
  it('shows references as written, and `[secret]` for a secret param holding anything else', () => {
    const p = plan('details-secrets', [], {
      params: [secretParam('token'), secretParam('fallback', '{secret:env/SWAYBOT_SECRET_FALLBACK}'), secretParam('leaked'), param('header', 'string')],
    });
    const details = runDetails(p, { token: '{secret:env/SWAYBOT_SECRET_PAGER}', leaked: 'plain-hunter2', header: 'Bearer {secret:file/etc/swaybot/secrets/x}' });
    expect(details).toContain('| token | `"{secret:env/SWAYBOT_SECRET_PAGER}"` |  |');
    expect(details).toContain('| fallback | `"{secret:env/SWAYBOT_SECRET_FALLBACK}"` | default |');
    expect(details).toContain('| leaked | `[secret]` |  |');
    expect(details).toContain('| header | `"Bearer {secret:file/etc/swaybot/secrets/x}"` |  |');
    expect(details).not.toContain('hunter2');
    // Something around a reference is more than a reference: a secret param hides it whole.
    expect(runDetails(p, { token: 'x{secret:env/A}', leaked: 'y' })).toContain('| token | `[secret]` |  |');
  });
});
