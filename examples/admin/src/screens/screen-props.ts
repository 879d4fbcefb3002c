import type { BridgeData } from '../use-bridge-data';

/** What every screen gets from the app. */
export interface ScreenProps {
  readonly data: BridgeData;
}
