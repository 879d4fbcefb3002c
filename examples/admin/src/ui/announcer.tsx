import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';

const AnnounceContext = createContext<(message: string) => void>(() => undefined);

/**
 * One polite live region for the whole page: what a screen reports ("Connection saved", "Unmapped
 * Acme") is read out by screen readers and shown at the top of the page.
 */
export function Announcer({ children }: { readonly children: ComponentChildren }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => setMessage(text), []);
  // A message stays long enough to read, then the region empties (and hides).
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), 8000);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <AnnounceContext.Provider value={announce}>
      <p class="announcer" role="status" aria-live="polite">
        {message}
      </p>
      {children}
    </AnnounceContext.Provider>
  );
}

/** Reports a message through the page's live region. */
export const useAnnounce = (): ((message: string) => void) => useContext(AnnounceContext);
