#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image.
# The autograder zip is unpacked into /autograder/source: the course repository
# (made by make-autograder-zip.sh) plus this file and run_autograder.
# It installs system packages (a JDK and Maven, upgrading what is there): it belongs
# in Gradescope's container only, never on your own machine. To try the autograder
# locally, use test-autograder.sh, which skips this file.
set -euo pipefail

if [[ ! -d /autograder/source ]]; then
  echo "setup.sh: no /autograder/source here, so this is not Gradescope's container;" \
       "it would install system packages. To try the autograder locally: grader/gradescope/test-autograder.sh" >&2
  exit 2
fi

apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jdk-headless maven

cd /autograder/source
chmod +x grade run_autograder 2>/dev/null || true

# Build the grader jar now, and fetch every dependency and plugin the stages
# need, so that grading a submission downloads nothing.
mvn -B -q -Dstyle.color=never -pl grader -am package -Dmaven.test.skip=true
mvn -B -q -Dstyle.color=never test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/grade.classpath -Dmdep.includeScope=test -pl "$(ls -d [0-9][0-9]-*/ | tr -d / | paste -sd,)" -am
