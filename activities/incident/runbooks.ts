/**
 * `selectIncidentRunbook`: compiles the runbooks folder, keeps those with a front-matter
 * `match`, and picks the most specific one for the incident's labels
 * (incidents/select.ts). The chosen plan goes into history as the activity's result, so
 * the incident replays with the runbook it chose even after the markdown changes.
 *
 * Compiled plans are cached by each file's path, size and modification time: an alert
 * storm opening a thousand incidents compiles the folder once, and an edited runbook is
 * picked up by the next incident.
 */
import { stat } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import { compilePaths, markdownFiles } from '../../compiler/index.js';
import { selectRunbook } from '../../incidents/select.js';
import type { RunbookCandidate, RunbookChoice } from '../../incidents/types.js';
import type { Plan } from '../../plan/types.js';
import type { ActivityLogger } from '../logger.js';

export interface RunbookSelection {
  choice: RunbookChoice;
  /** The chosen runbook's plan. */
  plan?: Plan;
  /** Runbook files that did not compile (skipped), named for the timeline. */
  broken: string[];
}

interface Catalogue {
  signature: string;
  plans: Map<string, Plan>;
  candidates: RunbookCandidate[];
  broken: string[];
}

export function createRunbookSelection(runbooksDir: string, logger: ActivityLogger) {
  let cached: Catalogue | undefined;

  async function catalogue(): Promise<Catalogue> {
    const files = await markdownFiles(runbooksDir).catch((err: unknown) => {
      // A missing or unreadable folder is configuration: retrying will not fix it, the timeline says it.
      throw ApplicationFailure.create({
        type: 'RunbooksFolderUnreadable',
        message: `Cannot read the incident runbooks folder ${runbooksDir} (incidents.runbooks): ${err instanceof Error ? err.message : String(err)}`,
        nonRetryable: true,
      });
    });
    const stats = await Promise.all(files.map(async (f) => stat(f).then((s) => `${f}\u0000${s.size}\u0000${s.mtimeMs}`, () => `${f}\u0000gone`)));
    const signature = stats.join('\n');
    if (cached?.signature === signature) return cached;
    const results = await compilePaths(files);
    const plans = new Map<string, Plan>();
    const candidates: RunbookCandidate[] = [];
    const broken: string[] = [];
    for (const result of results) {
      if (!result.plan) {
        broken.push(String(result.file.path));
        continue;
      }
      const { plan } = result;
      if (Object.keys(plan.match).length === 0) continue;
      plans.set(plan.id, plan);
      candidates.push({ id: plan.id, title: plan.title, file: String(result.file.path), match: plan.match });
    }
    if (broken.length > 0) logger.warn({ broken }, 'runbooks that do not compile are left out when choosing an incident runbook');
    cached = { signature, plans, candidates, broken };
    return cached;
  }

  return {
    async selectIncidentRunbook(labels: Record<string, string>): Promise<RunbookSelection> {
      const { plans, candidates, broken } = await catalogue();
      const choice = selectRunbook(candidates, labels);
      const plan = choice.chosen ? plans.get(choice.chosen.id) : undefined;
      return { choice, ...(plan ? { plan } : {}), broken };
    },
  };
}
