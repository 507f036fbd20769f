import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { SwaybotError } from '../errors/index.js';
import { inventorySchema, type HostConfig, type RackConfig } from './inventory-schema.js';

/** A host from the inventory, with its name attached. */
export interface Host extends HostConfig {
  readonly name: string;
}

/** The loaded inventory: hosts by name, plus the file they came from. */
export interface Inventory {
  readonly path: string;
  readonly hosts: ReadonlyMap<string, Host>;
  /** Racks by name, where the file describes them (`racks:`). */
  readonly racks: ReadonlyMap<string, RackConfig>;
  /** `file:line:col` of a field (or of its deepest parent present), for errors found after loading. */
  where(path: readonly (string | number)[]): string;
}

/** A problem in the inventory file (the message names `file:line:col` for each), or an unknown host. Not retryable. */
export class InventoryError extends SwaybotError {
  override name = 'InventoryError';
  readonly retryable = false;
}

/** Reads and validates an inventory YAML file. Throws `InventoryError` naming every bad field. */
export function loadInventory(path: string): Inventory {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new InventoryError(`cannot read inventory ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseInventory(text, abs);
}

/** Validates inventory YAML text; `file` only labels error messages. */
export function parseInventory(text: string, file = '<inventory>'): Inventory {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `  ${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0] ?? ''}`;
    });
    throw new InventoryError(`Inventory is not valid YAML:\n${lines.join('\n')}`);
  }
  const result = inventorySchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const where = locate(doc, lineCounter, issue.path);
      const field = issue.path.map(String).join('.') || '(root)';
      return `  ${file}:${where}: ${field}: ${issue.message}`;
    });
    throw new InventoryError(`Invalid inventory:\n${lines.join('\n')}`);
  }
  const hosts = new Map<string, Host>();
  for (const [name, host] of Object.entries(result.data.hosts)) hosts.set(name, { ...host, name });
  return { path: file, hosts, racks: new Map(Object.entries(result.data.racks ?? {})), where: (path) => `${file}:${locate(doc, lineCounter, path)}` };
}

/** Looks a host up by name, with a clear error listing what exists. */
export function getHost(inventory: Inventory, name: string): Host {
  const host = inventory.hosts.get(name);
  if (!host) {
    const known = [...inventory.hosts.keys()].sort().join(', ') || '(none)';
    throw new InventoryError(`unknown host "${name}" in ${inventory.path}; known hosts: ${known}`, { details: { host: name } });
  }
  return host;
}

// The deepest node that exists along the issue's path: a missing field is reported at its parent.
function locate(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return '1:1';
}
