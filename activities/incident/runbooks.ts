/**
 * `selectIncidentRunbook`: compiles the runbooks folder, keeps those with a front-matter
 * `match`, and picks the most specific one for the incident's labels
 * (incidents/select.ts). The chosen plan goes into history as the activity's result, so
 * the incident replays with the runbook it chose even after the markdown changes.
 */
import { compilePaths } from '../../compiler/index.js';
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

export function createRunbookSelection(runbooksDir: string, logger: ActivityLogger) {
  return {
    async selectIncidentRunbook(labels: Record<string, string>): Promise<RunbookSelection> {
      const results = await compilePaths([runbooksDir]);
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
      if (broken.length > 0) logger.warn({ broken }, 'runbooks that do not compile were skipped when choosing an incident runbook');
      const choice = selectRunbook(candidates, labels);
      const plan = choice.chosen ? plans.get(choice.chosen.id) : undefined;
      return { choice, ...(plan ? { plan } : {}), broken };
    },
  };
}
