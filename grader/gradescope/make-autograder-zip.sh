#!/usr/bin/env bash
# Makes the Gradescope autograder zip for one stage:
#   grader/gradescope/make-autograder-zip.sh 01 ../autograder-01.zip
# INSTRUCTOR-ONLY: the zip holds setup.sh, run_autograder and a clean copy of the
# reference (every stage solved, hidden tests included, instructor files and .git
# left out), so hidden tests and --reference-below work on Gradescope. It holds
# every solution: upload it to Gradescope, never give it to students, and keep it
# outside the repository (this script refuses a path inside it).
set -euo pipefail

usage="usage: $0 STAGE OUT.zip   (STAGE is two digits, e.g. 01; OUT.zip outside the repository)"
if [[ $# -ne 2 || ! "$1" =~ ^[0-9][0-9]$ ]]; then
  echo "$usage" >&2
  exit 2
fi
stage="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v zip >/dev/null || { echo "error: 'zip' is not installed (apt-get install zip)" >&2; exit 2; }

module="$(cd "$root" && ls -d "$stage"-*/ 2>/dev/null | head -1 || true)"
module="${module%/}"
if [[ -z "$module" || ! -f "$root/$module/grading.json" ]]; then
  graded="$(cd "$root" && ls -d [0-9][0-9]-*/grading.json 2>/dev/null | cut -c1-2 | paste -sd, - || true)"
  echo "error: stage $stage has no module with a grading.json in $root (graded stages: ${graded:-none})" >&2
  exit 2
fi
parent="$(dirname "$2")"
if [[ ! -d "$parent" ]]; then
  echo "error: $2: the folder $parent does not exist" >&2
  exit 2
fi
out="$(cd "$parent" && pwd)/$(basename "$2")"
if [[ "$out" != *.zip ]]; then
  echo "error: $2: the autograder file must end in .zip" >&2
  exit 2
fi
if [[ "$out" == "$root"/* ]]; then
  echo "error: $2: inside the repository; the instructor-only zip (every solution) must live outside it" >&2
  exit 2
fi

stages="$(cd "$root" && ls -d [0-9][0-9]-*/ | cut -c1-2 | paste -sd, -)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$root/grade" release --repo "$root" --out "$tmp/source" --solved "$stages" --with-hidden
cp "$root/grader/gradescope/setup.sh" "$tmp/source/setup.sh"
sed "s/^STAGE=01 /STAGE=$stage /" "$root/grader/gradescope/run_autograder" > "$tmp/source/run_autograder"
chmod +x "$tmp/source/setup.sh" "$tmp/source/run_autograder"
rm -f "$out"
(cd "$tmp/source" && zip -qr "$out" .)
echo "Wrote $out (stage $stage): INSTRUCTOR-ONLY, it holds every solution and the hidden tests; upload it to Gradescope only"
