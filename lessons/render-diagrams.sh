#!/usr/bin/env bash
# Renders every lessons/diagrams/*.puml to an SVG beside it.
#
# PlantUML comes from Maven Central, at the version pinned once in the root
# pom.xml (property plantuml.version), and is copied to lessons/target/, which
# git ignores. Needs only a JDK and Maven: the diagrams use PlantUML's built-in
# layouts (sequence diagrams, and "!pragma layout smetana" elsewhere), never Graphviz.
#
# Usage: lessons/render-diagrams.sh [diagram.puml ...]   (default: all of them)
set -euo pipefail

lessons="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$lessons")"
target="$lessons/target"

version="$(sed -n 's:.*<plantuml\.version>\(.*\)</plantuml\.version>.*:\1:p' "$root/pom.xml")"
if [[ -z "$version" ]]; then
    echo "render-diagrams: no <plantuml.version> property in $root/pom.xml" >&2
    exit 1
fi

jar="$target/plantuml-$version.jar"
if [[ ! -f "$jar" ]]; then
    echo "render-diagrams: fetching PlantUML $version from Maven Central"
    mvn -q -f "$root/pom.xml" -N dependency:copy \
        -Dartifact="net.sourceforge.plantuml:plantuml:$version" \
        -DoutputDirectory="$target"
fi

if [[ $# -gt 0 ]]; then
    diagrams=("$@")
else
    shopt -s nullglob
    diagrams=("$lessons"/diagrams/*.puml)
fi
if [[ ${#diagrams[@]} -eq 0 ]]; then
    echo "render-diagrams: no .puml files in $lessons/diagrams" >&2
    exit 1
fi

# -failfast2: stop at the first syntax error, with a non-zero exit code.
java -Djava.awt.headless=true -jar "$jar" -tsvg -charset UTF-8 -failfast2 "${diagrams[@]}"
for puml in "${diagrams[@]}"; do
    echo "rendered ${puml%.puml}.svg"
done
