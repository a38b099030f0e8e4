/**
 * A signal for one SDK call that follows the caller's and lets go of it when the call ends.
 * @google/genai 2.32 adds an abort listener to the signal it is given and, on success, never
 * removes it (the response outlives the attempt): on a long-lived signal (a job's, the process's
 * shutdown) those listeners piled up, one per model call. The SDK now leaves them on this signal,
 * which is dropped after the call; the caller's holds one listener per call in flight.
 */
export function linkSignal(signal: AbortSignal | undefined): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  if (!signal) return { signal: undefined, dispose: () => undefined };
  const link = new AbortController();
  if (signal.aborted) {
    link.abort(signal.reason);
    return { signal: link.signal, dispose: () => undefined };
  }
  const onAbort = () => link.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return { signal: link.signal, dispose: () => signal.removeEventListener('abort', onAbort) };
}

export async function withLinkedSignal<T>(
  signal: AbortSignal | undefined,
  task: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  const link = linkSignal(signal);
  try {
    return await task(link.signal);
  } finally {
    link.dispose();
  }
}
