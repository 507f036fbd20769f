/**
 * The runs whose histories are committed under test/fixtures/histories/ and
 * replayed against the current workflow code: every shipped runbook, driven to
 * its end against a stand-in service, and hand-built plans covering the paths
 * the shipped runbooks do not take (reject, compensation, approval timeout).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../../compiler/index.js';
import type { Plan } from '../../plan/types.js';
import { activity, approval, info, log, manual, plan, undo, wait } from '../support-interpreter/plans.js';

export interface Scenario {
  name: string;
  plan: Plan;
  params?: Record<string, string | number | boolean>;
  decisions?: Record<string, 'approve' | 'reject' | 'none'>;
  /** How the run must end for the recording to be kept. */
  expect: 'succeeded' | 'failed';
  /** Use the stand-in service for URL parameters. */
  standIn?: boolean;
}

export const RUNBOOKS_DIR = fileURLToPath(new URL('../../runbooks/', import.meta.url));

/** Shipped runbook files (README.md describes the folder and is not a runbook). */
export function shippedRunbooks(): string[] {
  return readdirSync(RUNBOOKS_DIR).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
}

export async function shippedScenarios(): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const file of shippedRunbooks()) {
    const { plan: compiled, file: vfile } = await compileFile(join(RUNBOOKS_DIR, file));
    if (!compiled) throw new Error(`runbooks/${file} does not compile: ${vfile.messages.map(String).join('; ')}`);
    out.push({ name: `runbook-${compiled.id}`, plan: compiled, expect: 'succeeded', standIn: true });
  }
  return out;
}

export function handBuiltScenarios(): Scenario[] {
  return [
    {
      name: 'hand-approve-checklist',
      plan: plan('hand-approve-checklist', [
        info('intro'),
        log('announce', 'starting {{ run.runbookId }}', { as: 'announced' }),
        activity('restart', 'record', { name: 'restart' }, { approval: approval({ prompt: 'Restart?' }), as: 'restarted' }),
        activity('skipped', 'record', { name: 'never' }, { when: "restarted == 'nope'" }),
        wait('settle', '1s'),
        manual('verify', { graphs: 'Graphs are normal', alerts: 'No alerts' }),
      ]),
      expect: 'succeeded',
    },
    {
      name: 'hand-reject-compensate',
      plan: plan('hand-reject-compensate', [
        activity('drain', 'record', { name: 'drain' }, { compensate: undo('record', { name: 'undrain' }) }),
        activity('scale', 'record', { name: 'scale' }, { as: 'scaled', compensate: undo('record', { name: 'unscale {{ scaled }}' }) }),
        activity('restart', 'record', { name: 'restart' }, { approval: approval({ onReject: 'fail' }) }),
      ]),
      decisions: { restart: 'reject' },
      expect: 'failed',
    },
    {
      name: 'hand-approval-timeout',
      plan: plan(
        'hand-approval-timeout',
        [
          activity('optional', 'record', { name: 'optional' }, { approval: approval({ timeout: '1s', onTimeout: 'skip' }) }),
          activity('after', 'record', { name: 'after' }),
        ],
        { timeout: '1h' },
      ),
      decisions: { optional: 'none' },
      expect: 'succeeded',
    },
  ];
}
