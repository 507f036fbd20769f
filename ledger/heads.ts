/**
 * Signed heads, the ledger's second public module (index.ts is the first): head keys on disk,
 * signing and checking heads, the log-wide tree they cover. Format and guarantees: docs/ledger.md.
 */
export { headMessage, headsIn, keyIdOf, signHead, signatureProblem, type SignedHead, type TrustedKey } from './signed-head.js';
export { defaultHeadKeyPath, defaultKeysDir, loadHeadKey, readPublicKey, rotateHeadKey, trustedKeysIn, HEAD_KEY_FILE, type HeadKey } from './head-keys.js';
export { checkHeads, type HeadCheck } from './head-check.js';
export { LogTree, logRoots } from './log-tree.js';
