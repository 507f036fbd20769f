/**
 * `approvalDirectory`: the approver directory of this worker's configuration (groups, people's
 * keys, the identity rule) and the Slack app's key when this worker's environment has the
 * secret it derives from (approvals/service-key.ts). Runs read it at start, at each gate and
 * when told to refresh it; whoever starts a run has no say in it.
 */
import ms, { type StringValue } from 'ms';
import { directoryOf, type ApprovalDirectory } from '../approvals/directory.js';
import { slackKeySecret, slackPublicKey } from '../approvals/service-key.js';
import type { Config } from '../config/schema.js';

export interface DirectoryDeps {
  config: Pick<Config, 'groups' | 'approvals' | 'slack'>;
  /** Where the Slack app's secret is read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
}

export function createDirectoryActivities(deps: DirectoryDeps) {
  return {
    async approvalDirectory(): Promise<ApprovalDirectory> {
      const { config } = deps;
      const secret = slackKeySecret(config.slack, deps.env ?? process.env);
      return directoryOf(
        { groups: config.groups, approvals: { identity: config.approvals.identity, maxSkewMs: ms(config.approvals.maxSkew as StringValue), people: config.approvals.directory.people } },
        secret ? { slack: [slackPublicKey(secret)] } : {},
      );
    },
  };
}
