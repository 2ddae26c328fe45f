import { useCallback, useState } from 'react';

// A user action in flight: its error (shown with ErrorAlert) and whether it is running, so a
// button can show a spinner and not be pressed twice. run() resolves true when the work succeeded.
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (work: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    setBusy(true);
    try {
      await work();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
