// Makes sure the admin page's browser tests have a Chromium: CHROMIUM_PATH, or Debian's chromium
// package at /usr/bin/chromium, installed here with apt when missing and when this runs as root.
// Nothing downloads a browser of its own. Run by `npm test` (pretest) and `.ci/run`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canInstall) {
  console.warn(
    `No Chromium at ${path}: the admin page's browser tests will fail. Install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(0);
}
console.log("Installing Debian's chromium for the admin page's browser tests (usually about a minute)…");
const apt = (args) =>
  spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;
if (!apt(['install', '-y', '-qq', 'chromium'])) {
  apt(['update', '-qq']);
  if (!apt(['install', '-y', '-qq', 'chromium'])) {
    console.error("apt-get could not install chromium: the admin page's browser tests will fail.");
    process.exit(1);
  }
}
