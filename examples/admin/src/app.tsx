import { useEffect, useState } from 'preact/hooks';
import { AccountsScreen } from './screens/accounts';
import { AddUsersScreen } from './screens/add-users';
import { AutoMapReviewScreen } from './screens/auto-map-review';
import { EndUsersScreen } from './screens/end-users';
import { IntegrationsScreen } from './screens/integrations';
import { Announcer } from './ui/announcer';
import { ErrorMessage } from './ui/error-message';
import { useBridgeData } from './use-bridge-data';

/** The screens, in the article's order, each at its own `#hash`. */
const SCREENS = [
  { id: 'integrations', title: 'PSA integrations', Screen: IntegrationsScreen },
  { id: 'accounts', title: 'Accounts', Screen: AccountsScreen },
  { id: 'auto-map', title: 'Auto-map review', Screen: AutoMapReviewScreen },
  { id: 'add-users', title: 'Add users', Screen: AddUsersScreen },
  { id: 'end-users', title: 'End users', Screen: EndUsersScreen },
] as const;

const screenFromHash = () => SCREENS.find((screen) => `#${screen.id}` === window.location.hash) ?? SCREENS[0];

/** The admin page: navigation, the live region, and the current screen. */
export function App() {
  const [screen, setScreen] = useState(screenFromHash);
  const data = useBridgeData();
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${screen.title} · psa-bridge admin`;
  }, [screen]);
  const { Screen } = screen;
  return (
    <Announcer>
      <header>
        <p class="brand">psa-bridge admin</p>
        {data.setup?.mode === 'simulators' && (
          <p class="mode">Demo world: built-in simulators, no real vendor is called.</p>
        )}
        <nav aria-label="Screens">
          <ul>
            {SCREENS.map((item) => (
              <li key={item.id}>
                <a href={`#${item.id}`} aria-current={item.id === screen.id ? 'page' : undefined}>
                  {item.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        <h1>{screen.title}</h1>
        <ErrorMessage text={data.error} />
        {data.loaded ? <Screen data={data} /> : <p>Loading…</p>}
      </main>
    </Announcer>
  );
}
