/** An error the user must see now: announced at once (`role="alert"`). Renders nothing without one. */
export function ErrorMessage({ text }: { readonly text: string | undefined }) {
  if (!text) return null;
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}
