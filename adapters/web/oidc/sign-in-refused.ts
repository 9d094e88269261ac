/** Why a single sign-on attempt was refused, in words for the person (and the operator, in the log). */
export class SignInRefused extends Error {
  constructor(
    /** Plain words: what went wrong and what to do. */
    message: string,
    /** True when the operator must fix the set-up (logged as a warning). */
    readonly setup = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignInRefused';
  }
}
