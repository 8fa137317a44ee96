#!/bin/sh
# Benchmark: the base layer on three real nspawn test hosts, parallelism 3 vs 1, no-op re-run, plan.
# Usage (as root, from anywhere): bench/parallel-apply.sh [ROUNDS]   (default 5). See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
# compiles core and the testkit's test classes (the bench lives there, outside surefire's naming patterns) and
# writes the test class path; maven-dependency-plugin 2.8 is the version that resolves offline here
mvn -o -q -B -pl gardenos-testkit -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="gardenos-testkit/target/test-classes:gardenos-testkit/target/classes:$(cat gardenos-testkit/target/bench.classpath)"
exec java -cp "$cp" org.gardenos.bench.ParallelApplyBench "$@"
