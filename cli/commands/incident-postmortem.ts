/** `swaybot incident postmortem <id> [--out file]`: the postmortem draft of a resolved incident. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../errors.js';
import type { CliContext } from '../context.js';
import { readIncident } from './incident-read.js';
import { withIncidentClient } from './incident-session.js';

export function registerIncidentPostmortem(incident: Command, ctx: CliContext): void {
  incident
    .command('postmortem')
    .description('print the postmortem draft of a resolved incident (markdown), or write it to a file')
    .argument('<id>', 'the incident')
    .option('--out <file>', 'write the draft to this file instead of printing it')
    .action(async (id: string, options: { out?: string }) => {
      await withIncidentClient(ctx, async (session) => {
        const s = await readIncident(session, id);
        if (s.resolvedAt === undefined || s.postmortem === undefined) {
          throw new CliError(`Incident ${id} is not resolved yet (${s.state}); its postmortem draft is written when it is: \`${session.next.resolve(id)}\``);
        }
        if (options.out === undefined) {
          ctx.print(s.postmortem.replace(/\n$/, ''));
          return;
        }
        const file = resolve(options.out);
        await writeFile(file, s.postmortem.endsWith('\n') ? s.postmortem : `${s.postmortem}\n`, 'utf8').catch((err: unknown) => {
          throw new CliError(`Cannot write ${file}: ${(err as Error).message}`);
        });
        ctx.print(`${pc.green('✔')} Wrote the postmortem draft of ${pc.bold(id)} to ${file}`);
      });
    });
}
