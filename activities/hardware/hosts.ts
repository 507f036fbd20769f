import { getHost, loadInventory, type Host, type Inventory } from '../../hardware/inventory.js';

/**
 * The inventory, read on the first hardware call rather than at worker start,
 * so a worker whose runbooks never touch hardware starts without one.
 * A failed load is not cached: fixing the file fixes the next attempt.
 */
export function lazyInventory(path: string): (name: string) => Host {
  let inventory: Inventory | undefined;
  return (name) => {
    inventory ??= loadInventory(path);
    return getHost(inventory, name);
  };
}
