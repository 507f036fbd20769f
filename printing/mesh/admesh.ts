/**
 * ADMesh (Debian `admesh`) as a second opinion on an STL: it checks connectivity, holes and
 * normals, and reports what it had to fix. A clean replica is 1 part with nothing fixed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How bootstrap installs it. */
export const ADMESH_INSTALL = 'sudo apt-get install -y admesh';

export interface AdmeshReport {
  parts: number;
  degenerateFacets: number;
  edgesFixed: number;
  facetsRemoved: number;
  facetsAdded: number;
  facetsReversed: number;
  backwardsEdges: number;
  normalsFixed: number;
  volume: number;
  facets: number;
  /** admesh's full output. */
  output: string;
}

/** The admesh binary: `$SWAYBOT_ADMESH_BIN`, else `admesh` on PATH; undefined when missing. */
export function findAdmesh(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env['SWAYBOT_ADMESH_BIN'];
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'admesh'))) return join(dir, 'admesh');
  }
  return undefined;
}

/** Runs admesh's checks on an STL file (writing nothing) and parses its report. */
export async function runAdmesh(stlPath: string, binary = findAdmesh() ?? 'admesh'): Promise<AdmeshReport> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(binary, [stlPath], { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`admesh ${stlPath} failed: ${err.message}${stderr ? `\n${stderr}` : ''}`));
      else resolve(stdout);
    });
  });
  return parseAdmeshReport(output);
}

/** Parses admesh's report (the "Number of parts", "Degenerate facets", … lines). */
export function parseAdmeshReport(output: string): AdmeshReport {
  const num = (label: string): number => {
    const m = new RegExp(`${label}\\s*:\\s*(-?[0-9.eE+-]+)`).exec(output);
    if (!m?.[1]) throw new Error(`admesh report has no "${label}" line:\n${output}`);
    return Number(m[1]);
  };
  return {
    parts: num('Number of parts'),
    degenerateFacets: num('Degenerate facets'),
    edgesFixed: num('Edges fixed'),
    facetsRemoved: num('Facets removed'),
    facetsAdded: num('Facets added'),
    facetsReversed: num('Facets reversed'),
    backwardsEdges: num('Backwards edges'),
    normalsFixed: num('Normals fixed'),
    volume: num('Volume'),
    facets: num('Number of facets'),
    output,
  };
}
