#!/usr/bin/env bash
# Executes one notebook headless through real Jupyter with the minizk-java
# kernel (install it once with notebooks/install-kernel.sh). The executed copy,
# with its outputs, goes to notebooks/target/executed/ so that the committed
# notebook keeps clean outputs. Builds the course jars first when a jar that
# the notebook loads with %jar is missing.
#
# Usage: notebooks/run-notebook.sh NAME.ipynb    (a notebook in notebooks/, or any path)
set -euo pipefail

NOTEBOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$NOTEBOOKS_DIR")"
KERNEL_NAME="minizk-java"
OUTPUT_DIR="$NOTEBOOKS_DIR/target/executed"

say() { printf 'run-notebook: %s\n' "$*"; }
die() { printf 'run-notebook: error: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: notebooks/run-notebook.sh NAME.ipynb"
if [ -f "$1" ]; then
  notebook="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
elif [ -f "$NOTEBOOKS_DIR/$1" ]; then
  notebook="$NOTEBOOKS_DIR/$1"
else
  die "no notebook $1 (neither as given nor in $NOTEBOOKS_DIR)"
fi

command -v jupyter >/dev/null || die "Jupyter is not installed: run notebooks/install-kernel.sh first"
spec_dir="$(jupyter kernelspec list 2>/dev/null | awk -v name="$KERNEL_NAME" '$1 == name { print $2 }')"
[ -n "$spec_dir" ] || die "kernel $KERNEL_NAME is not installed: run notebooks/install-kernel.sh first"
# A spec from before the start-up fix runs the kernel jar's own MainApp: it sometimes never
# answers, and it logs the connection key to this terminal.
grep -q MinizkKernel "$spec_dir/kernel.json" \
  || die "the installed kernel spec predates the start-up fix: run notebooks/install-kernel.sh again"
# A launcher compiled before %jar learnt to print relative paths puts machine paths in the outputs.
[ -f "$spec_dir/launcher/MinizkKernel\$RelativeJarMagic.class" ] \
  || die "the installed kernel launcher predates relative %jar output: run notebooks/install-kernel.sh again"

# The %jar paths, relative to the notebook's folder: Jupyter starts the kernel there.
missing_jars() {
  python3 - "$notebook" <<'EOF'
import json, os, sys
path = sys.argv[1]
folder = os.path.dirname(path)
for cell in json.load(open(path, encoding="utf-8"))["cells"]:
    if cell["cell_type"] != "code":
        continue
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    for line in source.splitlines():
        line = line.strip()
        if line.startswith("%jar "):
            jar = os.path.normpath(os.path.join(folder, line[len("%jar "):].strip()))
            if not os.path.exists(jar):
                print(jar)
EOF
}

missing="$(missing_jars)"
if [ -n "$missing" ]; then
  say "missing: $(echo "$missing" | tr '\n' ' ')"
  say "building the course jars: mvn -q package -DskipTests"
  (cd "$REPO_DIR" && mvn -q -B -ntp package -DskipTests)
  missing="$(missing_jars)"
  [ -z "$missing" ] || die "still missing after the build: $(echo "$missing" | tr '\n' ' ')"
fi

mkdir -p "$OUTPUT_DIR"
say "executing $notebook"
jupyter nbconvert --to notebook --execute \
  --ExecutePreprocessor.kernel_name="$KERNEL_NAME" \
  --ExecutePreprocessor.timeout=120 \
  --ExecutePreprocessor.startup_timeout=120 \
  --output-dir "$OUTPUT_DIR" "$notebook"
say "executed copy with outputs: $OUTPUT_DIR/$(basename "$notebook")"
