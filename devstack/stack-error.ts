/** The dev stack cannot start as asked (port taken, state folder in use…); the message says what to do. */
export class StackError extends Error {
  override name = 'StackError';
}
