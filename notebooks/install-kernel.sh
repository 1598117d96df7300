#!/usr/bin/env bash
# Installs what real Jupyter needs to run the minizk notebooks headless:
#   1. Jupyter itself from Debian's packages (only the ones that are missing;
#      installing needs root, otherwise the script prints the command to run);
#   2. the rapaio Java kernel jar, fetched from Maven Central by Maven itself;
#   3. a kernel spec named "minizk-java" ("Java (minizk)"), written by hand, that starts the
#      kernel through kernel/MinizkKernel.java (no start-up race, key kept out of the terminal).
#
# Idempotent: run it as often as you like. The kernel version is read from
# the root pom (property rapaio-kernel.version) so it is written only once.
#
# Usage: notebooks/install-kernel.sh
set -euo pipefail

NOTEBOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$NOTEBOOKS_DIR")"
KERNEL_NAME="minizk-java"
DISPLAY_NAME="Java (minizk)"
REQUIRED_PACKAGES=(jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel)
OPTIONAL_PACKAGES=(jupyter-notebook)   # the browser UI; headless runs do not need it

say() { printf 'install-kernel: %s\n' "$*"; }
die() { printf 'install-kernel: error: %s\n' "$*" >&2; exit 1; }

pom_property() {
  # The root pom writes each version once, as <name>value</name> on one line.
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$REPO_DIR/pom.xml" | head -n 1
}

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

has_candidate() {
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')"
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

install_jupyter_packages() {
  command -v dpkg-query >/dev/null || die "this script installs Jupyter with apt-get (Debian/Ubuntu); elsewhere install jupyter nbconvert + nbclient + ipykernel yourself and re-run"
  local missing=() pkg
  for pkg in "${REQUIRED_PACKAGES[@]}"; do is_installed "$pkg" || missing+=("$pkg"); done
  local optional_missing=()
  for pkg in "${OPTIONAL_PACKAGES[@]}"; do is_installed "$pkg" || optional_missing+=("$pkg"); done
  if [ ${#missing[@]} -eq 0 ] && [ ${#optional_missing[@]} -eq 0 ]; then
    say "Jupyter packages already installed"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if [ ${#missing[@]} -gt 0 ]; then
      die "missing Debian packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]} (then re-run this script)"
    fi
    say "optional package(s) not installed: ${optional_missing[*]} (only needed for the browser UI)"
    return
  fi
  # Look-ups need a package list; fetch one only when apt has none yet.
  if ! has_candidate "${REQUIRED_PACKAGES[0]}"; then
    say "apt-get update"
    apt-get update -qq
  fi
  for pkg in "${optional_missing[@]}"; do
    if has_candidate "$pkg"; then
      missing+=("$pkg")
    else
      say "optional package $pkg is not available here; skipping it (headless runs do not need it)"
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

kernels_root() {
  if [ "$(id -u)" -eq 0 ]; then
    echo "/usr/local/share/jupyter/kernels"
  else
    echo "${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels"
  fi
}

fetch_kernel_jar() {
  local version="$1" target_dir="$2"
  local jar="$target_dir/rapaio-jupyter-kernel-$version.jar"
  if [ -s "$jar" ]; then
    say "kernel jar already present: $jar" >&2
  else
    command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the kernel jar"
    say "fetching io.github.padreati:rapaio-jupyter-kernel:$version from Maven Central" >&2
    # -N runs the goal once, on the root pom, so the plugin version pinned there is used.
    local log
    if ! log="$(mvn -q -B -ntp -N -f "$REPO_DIR/pom.xml" dependency:copy \
        "-Dartifact=io.github.padreati:rapaio-jupyter-kernel:$version" \
        "-DoutputDirectory=$target_dir" 2>&1)"; then
      printf '%s\n' "$log" >&2
      die "Maven could not fetch the kernel jar (see its output above)"
    fi
    [ -s "$jar" ] || die "Maven did not produce $jar"
  fi
  echo "$jar"
}

json_string() {
  # Paths here come from the file system; escape the two characters JSON cares about.
  local s="${1//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

compile_launcher() {
  # kernel/MinizkKernel.java starts the kernel without its start-up race and without logging
  # the connection key to the terminal (its comment says how). Compiled against the kernel jar.
  local kernel_dir="$1" java_bin="$2" jar="$3" javac_bin
  javac_bin="$(dirname "$(readlink -f "$java_bin")")/javac"
  [ -x "$javac_bin" ] || javac_bin="$(command -v javac)" || die "javac not found (a JDK 17+ is needed, not only a JRE)"
  rm -rf "$kernel_dir/launcher"
  mkdir -p "$kernel_dir/launcher"
  "$javac_bin" -nowarn -d "$kernel_dir/launcher" -cp "$jar" "$NOTEBOOKS_DIR/kernel/MinizkKernel.java" \
    || die "could not compile $NOTEBOOKS_DIR/kernel/MinizkKernel.java against $jar"
}

write_kernel_spec() {
  local kernel_dir="$1" java_bin="$2" jar="$3"
  # The shape of the kernel's own installer's spec (interrupt by message, RJK_* settings in env),
  # with a fixed name and display name, but started through MinizkKernel instead of the jar's
  # MainApp. RJK_INIT_SCRIPT (a file) replaces the kernel's own start-up script, whose static
  # import of Global.* gives cells display(mime, value); init.jshell keeps it. RJK_MIMA_CACHE is absolute so %dependency downloads never land in the notebooks folder.
  printf '%s\n' 'import static org.rapaio.jupyter.kernel.global.Global.*;' >"$kernel_dir/init.jshell"
  cat >"$kernel_dir/kernel.json.tmp" <<EOF
{
  "argv": [
    $(json_string "$java_bin"),
    "-cp",
    $(json_string "$kernel_dir/launcher:$jar"),
    "MinizkKernel",
    "{connection_file}"
  ],
  "display_name": "$DISPLAY_NAME",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "RJK_CLASSPATH": "",
    "RJK_COMPILER_OPTIONS": "",
    "RJK_INIT_SCRIPT": $(json_string "$kernel_dir/init.jshell"),
    "RJK_TIMEOUT_MILLIS": "-1",
    "RJK_MIMA_CACHE": $(json_string "$kernel_dir/mima_cache")
  }
}
EOF
  mv "$kernel_dir/kernel.json.tmp" "$kernel_dir/kernel.json"
}

main() {
  local java_bin version kernel_dir jar
  java_bin="$(command -v java)" || die "java not found on PATH (the course needs JDK 17 or newer)"
  version="$(pom_property rapaio-kernel.version)"
  [ -n "$version" ] || die "property rapaio-kernel.version not found in $REPO_DIR/pom.xml"

  install_jupyter_packages
  kernel_dir="$(kernels_root)/$KERNEL_NAME"
  mkdir -p "$kernel_dir"
  jar="$(fetch_kernel_jar "$version" "$kernel_dir")"
  compile_launcher "$kernel_dir" "$java_bin" "$jar"
  write_kernel_spec "$kernel_dir" "$java_bin" "$jar"
  say "kernel spec written: $kernel_dir/kernel.json"

  if command -v jupyter >/dev/null; then
    jupyter kernelspec list 2>/dev/null | grep "^ *$KERNEL_NAME " >/dev/null \
      || die "Jupyter does not list the kernel $KERNEL_NAME; is $(kernels_root) on its data path? (jupyter --paths)"
    say "Jupyter sees kernel '$KERNEL_NAME'; run a notebook with notebooks/run-notebook.sh NAME.ipynb"
  fi
}

main "$@"
