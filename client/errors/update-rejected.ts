/** The workflow refused a decision or tick (its validator said why); the run is unchanged. */
export class UpdateRejectedError extends Error {
  override name = 'UpdateRejectedError';
}
