import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/** Props of {@link Dialog}. */
export interface DialogProps {
  /** The dialog's heading, also its accessible name. */
  readonly title: string;
  /** Called when the dialog closes (Escape, Close, or the parent's own action). */
  readonly onClose: () => void;
  readonly children: ComponentChildren;
}

/**
 * A modal dialog on the browser's own `<dialog>`: `showModal()` moves focus into it, keeps
 * keyboard focus inside, closes on Escape, and gives focus back to what opened it on close.
 */
export function Dialog({ title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={headingId} onClose={onClose}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </dialog>
  );
}
