const REDACTED = '[REDACTED]';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A secret value (key, password, token, or a whole credentials object) that hides itself from `JSON.stringify`, `console.log`,
 * `util.inspect` and string templates (SPEC C7). Only {@link Secret.reveal} gives the value back,
 * so every place that uses the raw value is easy to find.
 *
 * @example
 * ```ts
 * const key = new Secret('s3cr3t');
 * JSON.stringify({ key }); // '{"key":"[REDACTED]"}'
 * key.reveal();            // 's3cr3t'
 * ```
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The raw value. Call it only where the value is sent to the vendor or sealed for storage. */
  reveal(): T {
    return this.#value;
  }

  /** Always `[REDACTED]`. */
  toJSON(): string {
    return REDACTED;
  }

  /** Always `[REDACTED]`. */
  toString(): string {
    return REDACTED;
  }

  /** Always `[REDACTED]`, for `util.inspect` and `console.log`. */
  [inspectSymbol](): string {
    return REDACTED;
  }
}

/** True when `value` is a {@link Secret}, also one made by another copy of this package. */
export function isSecret(value: unknown): value is Secret<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Secret>).reveal === 'function' &&
    (value as Partial<Secret>).toJSON?.() === REDACTED
  );
}

/** The raw value of a {@link Secret}, or the string itself. */
export function revealSecret(value: Secret | string): string {
  return typeof value === 'string' ? value : value.reveal();
}

/** The text that stands in for a removed secret. */
export const REDACTED_TEXT = REDACTED;
