/**
 * The two ways a command fails before or around the API call. Exit codes follow the usual
 * convention scripts rely on: 2 for a wrong invocation, 1 for everything else.
 */

/** The invocation itself is wrong: the message names what, the usage shown after it shows what is right. */
export class UsageError extends Error {
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
  }
}

/** Something to fix outside the command line (configuration, a stopped API); the hint says how. */
export class CliError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.hint = hint;
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
