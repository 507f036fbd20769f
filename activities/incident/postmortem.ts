/** `writePostmortem`: the postmortem draft as a markdown file under `<stateDir>/postmortems/`. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function createPostmortemWriter(stateDir: string) {
  return {
    /** Writes (atomically, replacing an earlier draft of the same incident) and returns the file's path. */
    async writePostmortem(input: { incidentId: string; markdown: string }): Promise<string> {
      const dir = join(stateDir, 'postmortems');
      await mkdir(dir, { recursive: true });
      const name = `${input.incidentId.replace(/[^A-Za-z0-9._~-]/g, '_')}.md`;
      const file = join(dir, name);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, input.markdown, 'utf8');
      await rename(tmp, file);
      return file;
    },
  };
}
