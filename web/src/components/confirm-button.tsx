import { type KeyboardEvent, useEffect, useRef, useState } from 'react';

/**
 * A destructive action asked twice: the first click shows "Confirm …" and "Cancel" (focus moves to the
 * confirmation, Escape cancels), the second does it. Keyboard-operable, no window.confirm.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled = false,
  busy = false,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  busy?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Focus follows the question: to "Confirm …" when asked, back to the button when answered.
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (asked.current) trigger.current?.focus();
    asked.current = asking;
  }, [asking]);
  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') setAsking(false);
  };
  if (!asking)
    return (
      <button
        ref={trigger}
        type="button"
        className="danger"
        disabled={disabled || busy}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <button
        ref={confirm}
        type="button"
        className="danger"
        disabled={busy}
        onKeyDown={cancelOnEscape}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onKeyDown={cancelOnEscape} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
