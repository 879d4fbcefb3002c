#!/usr/bin/env bash
# Runs the PostgreSQL package's tests from a copy of this working tree (installed and built) inside
# a private directory (mode 700, as root's home is on most servers), on the embedded-postgres route
# only: the route machines without a system PostgreSQL take, whose server user cannot traverse that
# directory. Then checks that no server folder was left in the temporary directory.
# Usage: scripts/test-private-clone.sh [vitest json report path]
set -euo pipefail
cd "$(dirname "$0")/.."
report="${1:-}"
private="$(mktemp -d)"
chmod 700 "$private"
trap 'rm -rf "$private"' EXIT
leftovers() { find "${TMPDIR:-/tmp}" /tmp -maxdepth 1 -name 'psa-bridge-*' 2>/dev/null | sort -u; }
before="$(leftovers)"
tar --exclude=./.git --exclude=./.ci/out --exclude=./.turbo -cf - . | tar -xf - -C "$private"
echo "copy in $private (mode $(stat -c %a "$private")), as $(id -un), route embedded"
status=0
(
  cd "$private"
  args=(run --project postgres --reporter=default)
  if [ -n "$report" ]; then args+=(--reporter=json "--outputFile.json=$report"); fi
  PSA_BRIDGE_TEST_POSTGRES=embedded npx vitest "${args[@]}"
) || status=$?
after="$(leftovers)"
if [ "$before" != "$after" ]; then
  echo "server folders left behind:"; comm -13 <(echo "$before") <(echo "$after")
  [ "$status" -eq 0 ] && status=3
fi
exit "$status"
