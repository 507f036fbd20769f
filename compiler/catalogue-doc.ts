/**
 * Prints the action catalogue as markdown, for docs/runbooks.md, so the docs
 * say exactly what the compiler checks:
 *
 *   node --import tsx compiler/catalogue-doc.ts
 */
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { defaultCatalogue, type Catalogue } from '../actions/index.js';

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, unknown>;
  defaultValue?: unknown;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** A short type for people: `string`, `"GET" \| "POST"`, `number[]`, `duration`… */
export function typeName(schema: z.ZodType): string {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
      return def.innerType ? typeName(def.innerType) : 'any';
    case 'enum':
      return Object.values(def.entries ?? {}).map((v) => `\`${String(v)}\``).join(' \\| ');
    case 'array':
      return def.element ? `${typeName(def.element)}[]` : 'list';
    case 'record':
      return def.valueType ? `map of ${typeName(def.valueType)}` : 'map';
    case 'union': {
      const names = (def.options ?? []).map(typeName);
      // The catalogue's durations are a pattern string or milliseconds.
      return names.join(',') === 'string,number' ? 'duration' : names.join(' \\| ');
    }
    case 'unknown':
    case 'any':
      return 'any';
    default:
      return def.type;
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The catalogue as a markdown table: one row per param, the action named on its first row. */
export function catalogueMarkdown(catalogue: Catalogue = defaultCatalogue()): string {
  const rows = ['| Action | Param | Type | Required / default | Description |', '|---|---|---|---|---|'];
  for (const action of catalogue.list()) {
    const runsAs = action.runner.kind === 'timer' ? 'durable timer' : `activity \`${action.runner.activity}\``;
    const output = action.output ? ` Output (\`as\`): \`${action.output}\`.` : '';
    rows.push(`| **\`${action.name}\`** | | | | ${cell(action.description)}. Runs as ${runsAs}.${output} |`);
    for (const [name, schema] of Object.entries(action.params.shape as Record<string, z.ZodType>)) {
      const def = defOf(schema);
      const required = !schema.safeParse(undefined).success;
      const status = required ? 'required' : def.type === 'default' ? `default \`${JSON.stringify(def.defaultValue)}\`` : 'optional';
      rows.push(`| | \`${name}\` | ${typeName(schema)} | ${status} | ${cell(schema.description ?? '')} |`);
    }
  }
  return `${rows.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(catalogueMarkdown());
