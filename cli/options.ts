/** Options of the `swaybot` program itself, which every command may read. */
export interface GlobalOptions {
  /** `--address host:port`: the Temporal frontend to use (see connect.ts for the fallbacks). */
  address?: string;
}
