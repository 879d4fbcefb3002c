import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  type AppSetup,
  api,
  type Connection,
  errorText,
  type Items,
  loadSetup,
  type ProviderInfo,
} from './api';

/** What every screen needs: the providers, the tenant's connections, and the app's setup. */
export interface BridgeData {
  readonly providers: readonly ProviderInfo[];
  readonly products: readonly string[];
  readonly connections: readonly Connection[];
  readonly setup: AppSetup | undefined;
  readonly error: string | undefined;
  /** Reads the connections again (after a save, an edit or a delete). */
  readonly reload: () => Promise<void>;
}

/** Loads providers, products, connections and the setup once, and connections again on `reload`. */
export function useBridgeData(): BridgeData & { readonly loaded: boolean } {
  const [providers, setProviders] = useState<readonly ProviderInfo[]>([]);
  const [products, setProducts] = useState<readonly string[]>([]);
  const [connections, setConnections] = useState<readonly Connection[]>([]);
  const [setup, setSetup] = useState<AppSetup>();
  const [error, setError] = useState<string>();
  const [loaded, setLoaded] = useState(false);
  const reload = useCallback(async () => {
    try {
      setConnections((await api<Items<Connection>>('GET', '/connections')).items);
    } catch (failure) {
      setError(errorText(failure));
    }
  }, []);
  useEffect(() => {
    void (async () => {
      try {
        const [providerList, productList, appSetup] = await Promise.all([
          api<Items<ProviderInfo>>('GET', '/providers'),
          api<Items<string>>('GET', '/products'),
          loadSetup(),
        ]);
        setProviders(providerList.items);
        setProducts(productList.items);
        setSetup(appSetup);
        await reload();
      } catch (failure) {
        setError(errorText(failure));
      } finally {
        setLoaded(true);
      }
    })();
  }, [reload]);
  return { providers, products, connections, setup, error, reload, loaded };
}

/** "ConnectWise PSA" → "ConnectWise", "Datto Autotask PSA" → "Datto": the name on import buttons. */
export const shortName = (displayName: string): string => displayName.split(/\s+/)[0] ?? displayName;

/** A connection's name on screen: its label, or its provider's name. */
export function connectionName(connection: Connection, providers: readonly ProviderInfo[]): string {
  const provider = providers.find((candidate) => candidate.id === connection.providerId);
  return connection.label || provider?.displayName || connection.providerId;
}

/** GoTo product ids as GoTo names them. */
export const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  resolve: 'GoTo Resolve',
  rescue: 'LogMeIn Rescue',
  connect: 'GoTo Connect',
  central: 'LogMeIn Central',
  meeting: 'GoTo Meeting',
  webinar: 'GoTo Webinar',
  training: 'GoTo Training',
  pro: 'LogMeIn Pro',
};
