#!/usr/bin/env bash
# Makes the Gradescope autograder zip for one stage:
#   grader/gradescope/make-autograder-zip.sh 01 autograder-01.zip
# The zip holds setup.sh, run_autograder and a clean copy of the reference
# (every stage solved, hidden tests included, instructor files and .git left
# out), so hidden tests and --reference-below work on Gradescope. It is for
# Gradescope only: never give it to students.
set -euo pipefail

if [[ $# -ne 2 || ! "$1" =~ ^[0-9][0-9]$ ]]; then
  echo "usage: $0 STAGE OUT.zip   (STAGE is two digits, e.g. 01)" >&2
  exit 2
fi
stage="$1"
out="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v zip >/dev/null || { echo "error: 'zip' is not installed (apt-get install zip)" >&2; exit 2; }

stages="$(cd "$root" && ls -d [0-9][0-9]-*/ | cut -c1-2 | paste -sd,)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$root/grade" release --repo "$root" --out "$tmp/source" --solved "$stages" --with-hidden
cp "$root/grader/gradescope/setup.sh" "$tmp/source/setup.sh"
sed "s/^STAGE=01 /STAGE=$stage /" "$root/grader/gradescope/run_autograder" > "$tmp/source/run_autograder"
chmod +x "$tmp/source/setup.sh" "$tmp/source/run_autograder"
rm -f "$out"
(cd "$tmp/source" && zip -qr "$out" .)
echo "Wrote $out (stage $stage)"
