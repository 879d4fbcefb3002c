import type { HttpHooks } from './http-events.js';

type HookName = keyof HttpHooks;
const HOOK_NAMES: readonly HookName[] = ['onRequest', 'onResponse', 'onRetry', 'onRecordSkipped'];

/** Calls a hook, ignoring what it throws: logging must never break a request. */
function callSafely(hook: ((event: never) => void) | undefined, event: unknown): void {
  try {
    (hook as ((event: unknown) => void) | undefined)?.(event);
  } catch {
    // A throwing hook is the app's problem, never the request's.
  }
}

/** Hooks that hand each event to every set `sets()` holds at that moment, each on its own. */
function dispatchTo(sets: () => Iterable<HttpHooks>): HttpHooks {
  const hooks: Record<string, (event: unknown) => void> = {};
  for (const name of HOOK_NAMES) {
    hooks[name] = (event) => {
      for (const set of sets()) callSafely(set[name], event);
    };
  }
  return hooks as HttpHooks;
}

/** Hooks that call every given set of hooks in turn; one that throws does not stop the others. */
export function combineHooks(...sets: readonly (HttpHooks | undefined)[]): HttpHooks {
  const present = sets.filter((set): set is HttpHooks => set !== undefined);
  if (present.length === 1 && present[0]) return present[0];
  return dispatchTo(() => present);
}

/** Hooks that can be added to after a client is built: a bridge adds its hooks to a GoTo client. */
export interface HookRelay {
  /** The hooks to hand to the transport; they call every set added so far. */
  readonly hooks: HttpHooks;
  /** Adds a set of hooks; the function it returns removes it again. */
  add(hooks: HttpHooks): () => void;
}

/** Creates a {@link HookRelay}, starting with the client's own hooks when it has any. */
export function createHookRelay(initial?: HttpHooks): HookRelay {
  const sets = new Set<HttpHooks>(initial ? [initial] : []);
  return {
    hooks: dispatchTo(() => sets),
    add(added) {
      const entry = { ...added };
      sets.add(entry);
      return () => {
        sets.delete(entry);
      };
    },
  };
}
