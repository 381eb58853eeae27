#!/bin/sh
# Seeds corpus/loader (and corpus/dockerfile) from the Pod Security conformance manifests (shared/ beside the repo), the
# rule fixtures, the examples and the loader's fuzz regressions. Run from fuzz/. The corpus
# itself is not committed (see .gitignore).
set -eu
mkdir -p corpus/loader
{
    find ../../shared/conformance/pss -type f -name '*.yaml' 2>/dev/null || true
    find ../crates -path '*/fixtures/*' -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \)
    find ../examples -type f
    find ../crates/kubeward-loader/tests/fuzz_regressions -type f
} | while read -r f; do
    cp "$f" "corpus/loader/$(sha1sum "$f" | cut -c1-16)"
done
ls corpus/loader | wc -l
# corpus/dockerfile: every Dockerfile fixture, example and fuzz regression.
mkdir -p corpus/dockerfile
{
    find ../crates -path '*/fixtures/*' -type f \( -name '*.Dockerfile' -o -name 'Dockerfile*' \)
    find ../examples -type f -name '*Dockerfile'
    find ../crates/kubeward-dockerfile/tests/fuzz_regressions -type f
} | while read -r f; do
    cp "$f" "corpus/dockerfile/$(sha1sum "$f" | cut -c1-16)"
done
ls corpus/dockerfile | wc -l
