/** sysexits(3): the command was used wrongly. */
export const EX_USAGE = 64;
/** sysexits(3): try again later (the data directory is in use). */
export const EX_TEMPFAIL = 75;

/** Runs an argument parser; a parse error is printed and becomes EX_USAGE. */
export function usageError<T>(parse: () => T): T | number {
  try {
    return parse();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return EX_USAGE;
  }
}

/** The message of a failure an operator should read, without a stack. */
export function failed(error: unknown, exitCode = 1): number {
  console.error(error instanceof Error ? error.message : String(error));
  return exitCode;
}
