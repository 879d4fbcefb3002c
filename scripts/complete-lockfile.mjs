// Adds lock entries for optional platform packages that the registry of this workplace does not
// serve (it carries the Linux builds only), so `npm ci` accepts the lock file.
//
// npm records every optional dependency of a package in package-lock.json and `npm ci` refuses
// a lock that lacks one, but a registry that answers 404 for, say, @biomejs/cli-darwin-arm64
// leaves those entries out. Each added entry is marked optional, with the os/cpu/libc its name
// encodes, so npm skips it on every other platform; on a platform it does match, npm tries to
// fetch it and, as for any optional package, goes on if it cannot.
//
// Run after every `npm install` that changes the lock: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = {
  win32: 'win32',
  windows: 'win32',
  darwin: 'darwin',
  linux: 'linux',
  android: 'android',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  sunos: 'sunos',
  aix: 'aix',
  openharmony: 'openharmony',
};
const CPU = {
  x64: 'x64',
  64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  mips64el: 'mips64el',
};

/** Reads `darwin-arm64`, `linux-x64-musl`, `win32-x64-msvc`, `windows-64` from a package name. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osIndex = parts.findIndex((part) => part in OS);
  if (osIndex < 0) return undefined;
  const cpu = CPU[parts[osIndex + 1]];
  if (!cpu) return undefined;
  const rest = parts.slice(osIndex + 2).join('-');
  const platform = { os: [OS[parts[osIndex]]], cpu: [cpu] };
  if (platform.os[0] === 'linux' && /musl/.test(rest)) platform.libc = ['musl'];
  else if (platform.os[0] === 'linux' && /gnu/.test(rest)) platform.libc = ['glibc'];
  return platform;
}

let added = 0;
for (const [location, info] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(info.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${location}/node_modules/${name}`;
    if (packages[key] || packages[nested]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    const version = range.replace(/^[~^=]/, '');
    packages[key] = { version, ...(info.dev ? { dev: true } : {}), optional: true, ...platform };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
