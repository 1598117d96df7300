#!/usr/bin/env bash
# Tries the autograder zip on this machine, as Gradescope would run it, without
# setup.sh (which installs system packages and belongs in Gradescope's container):
#   grader/gradescope/test-autograder.sh autograder-01.zip SUBMISSION_DIR
# It unpacks the zip into a temporary /autograder-style folder (source/,
# submission/, results/), runs run_autograder there with Maven offline, prints
# results.json's score and keeps the folder for a look.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 AUTOGRADER.zip SUBMISSION_DIR" >&2
  exit 2
fi
zip_file="$1"
submission="$2"
[[ -f "$zip_file" ]] || { echo "error: $zip_file: no such file" >&2; exit 2; }
[[ -d "$submission" ]] || { echo "error: $submission: no such folder" >&2; exit 2; }
command -v unzip >/dev/null || { echo "error: 'unzip' is not installed (apt-get install unzip)" >&2; exit 2; }

home="$(mktemp -d)/autograder"
mkdir -p "$home/source" "$home/submission" "$home/results"
unzip -q "$zip_file" -d "$home/source"
cp -r "$submission"/. "$home/submission/"
(cd "$home/source" && mvn -o -B -q -Dstyle.color=never -pl grader -am package -Dmaven.test.skip=true >/dev/null)
AUTOGRADER="$home" GRADE_EXTRA_ARGS="--maven-arg=-o" bash "$home/source/run_autograder"
echo "results: $home/results/results.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("score:", r["score"], "of", sum(t["max_score"] for t in r["tests"]))' \
  "$home/results/results.json" 2>/dev/null || true
