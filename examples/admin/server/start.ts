/**
 * `npm run admin`: the admin page against the demo world (no credentials), or against real
 * vendors with the quickstart's environment variables. Prints its URL; Ctrl-C stops it.
 * `DEMO_LARGE_PARTNER=5000 npm run admin` gives the demo partner 5,000 more accounts.
 */
import { openAdmin } from './open-admin.js';

const port = Number(process.env.PORT ?? '0');
const large = Number(process.env.DEMO_LARGE_PARTNER ?? '0');
try {
  const admin = await openAdmin({
    port: Number.isInteger(port) && port > 0 ? port : 0,
    ...(Number.isInteger(large) && large > 0 ? { largePartner: large } : {}),
  });
  console.log(
    admin.world.mode === 'simulators'
      ? 'psa-bridge admin, against the demo world (built-in simulators, no credentials)'
      : `psa-bridge admin, against real vendors${admin.world.writes ? '' : ' (read only: set PSA_BRIDGE_WRITE=yes to create GoTo users)'}`,
  );
  console.log(`Open ${admin.url} in a browser. Ctrl-C stops it.`);
  const stop = () => {
    void admin.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`The admin page could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
