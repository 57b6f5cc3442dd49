/**
 * `useAction`: runs a state-changing API call for a form or a button and keeps its error to show
 * (cleared when the next attempt starts), so views do not each repeat the try/catch/setError dance.
 */
import { useState } from 'react';

/** The error of the last attempt, and the runner. */
export interface Action {
  readonly error: unknown;
  /** Runs `fn`; true when it succeeded, false when it threw (the error is then kept in `error`). */
  run(fn: () => Promise<unknown>): Promise<boolean>;
}

/** An action with its own error state. */
export function useAction(): Action {
  const [error, setError] = useState<unknown>(undefined);
  return {
    error,
    async run(fn) {
      setError(undefined);
      try {
        await fn();
        return true;
      } catch (e) {
        setError(e);
        return false;
      }
    },
  };
}
