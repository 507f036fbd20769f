/** Secret references: syntax, stores, resolution per call and scrubbing. */
export { containsSecretRef, hasSecretRef, secretRefsIn, splitSecretRefs, type SecretRef, type TextPart } from './reference.js';
export { DEFAULT_SECRET_POLICY, type SecretPolicy, type SecretStore } from './store.js';
export { envStore } from './env-store.js';
export { fileStore, MAX_SECRET_FILE_BYTES } from './file-store.js';
export { defaultSecretResolver, SecretResolver, SecretSession } from './resolver.js';
export { Scrubber } from './scrubber.js';
export { encodeBasicCredentials } from './basic-auth.js';
export { SecretUnavailableError } from './secret-unavailable.js';
