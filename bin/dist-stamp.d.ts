// Types of dist-stamp.js (plain JavaScript, so the launcher needs no TypeScript) for its TypeScript users.

/** The stamp's place inside the build folder. */
export declare const STAMP_FILE: string;
/** The hash of `files` (relative to `root`) as they are on disk now, or undefined when one is missing. */
export declare function sourceHash(root: string, files: readonly string[]): string | undefined;
/** Why `dist` (default `<root>/dist`) cannot run for the sources under `root`, or undefined when it is up to date. */
export declare function distStaleReason(root: string, dist?: string): string | undefined;
