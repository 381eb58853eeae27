#!/usr/bin/env bash
# Validates kubeward's SARIF output with Microsoft's SARIF multitool (`validate`: the SARIF 2.1.0
# JSON schema plus the SARIF1xxx/SARIF2xxx rules), on three logs: a scan of examples/, a scan of
# a directory with a broken YAML file and a broken Dockerfile (so input errors are toolExecutionNotifications) and a
# scan of standard input.
#
# The multitool exits 0 even when it reports errors, and reports nothing at all for a log it
# cannot read (an unknown enum value, for one). So its own SARIF output is read instead: the
# check fails on any error or warning, and also when a log got no diagnostic at all (ours always
# get notes such as SARIF2003, "no versionControlProvenance").
#
# Needs cargo, node and npm (the npm registry). Run from anywhere: `bash .ci/validate-sarif.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

echo "-- building the release binary"
cargo build --release --locked -p kubeward
bin=$root/target/release/kubeward

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Scans run from inside $work so artifact URIs are relative, as in a real checkout.
expect_status() {
    local want=$1 got=$2 what=$3
    if [[ " $want " != *" $got "* ]]; then
        echo "validate-sarif: kubeward exited $got for $what (expected $want)" >&2
        exit 1
    fi
}

cp -r examples "$work/examples"
mkdir -p "$work/broken"
cp examples/insecure/insecure-deployment.yaml "$work/broken/good.yaml"
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n' >"$work/broken/broken.yaml"
# A Dockerfile with an unterminated heredoc: a Dockerfile input error among the notifications.
printf 'FROM alpine:3.20\nRUN <<EOF\necho\n' >"$work/broken/Dockerfile"

cd "$work"
status=0
"$bin" scan --format sarif --output examples.sarif examples/ 2>/dev/null || status=$?
expect_status "0 1" "$status" "examples/"
status=0
"$bin" scan --format sarif --output broken.sarif broken/ 2>/dev/null || status=$?
expect_status "2" "$status" "broken/"
status=0
"$bin" scan --format sarif - <examples/insecure/insecure-deployment.yaml >stdin.sarif || status=$?
expect_status "0 1" "$status" "stdin"
# Suppressed results (an inline annotation with a reason) must still validate.
mkdir -p suppressed
sed 's/^  namespace: shop$/  namespace: shop\n  annotations:\n    kubeward.io\/ignore: "host-network: needs the node network for the legacy agent"/' \
    examples/insecure/insecure-deployment.yaml >suppressed/deployment.yaml
status=0
"$bin" scan --show-suppressed --format sarif --output suppressed.sarif suppressed/ 2>/dev/null || status=$?
expect_status "1" "$status" "suppressed/"
grep -q '"suppressions"' suppressed.sarif || {
    echo "validate-sarif: suppressed.sarif has no suppressions" >&2
    exit 1
}
grep -q '"toolExecutionNotifications": \[$' broken.sarif || {
    echo "validate-sarif: broken.sarif has no toolExecutionNotifications" >&2
    exit 1
}

# npx first; a local install when npx cannot run it. The package's launcher runs the tool
# through a shell, hence the inner quotes around `;`-separated values.
multitool=(npx --yes @microsoft/sarif-multitool)
if ! "${multitool[@]}" --version >/dev/null 2>&1; then
    echo "-- npx could not run the multitool; installing it in a temporary directory"
    (cd "$work" && npm install --no-save --no-audit --no-fund @microsoft/sarif-multitool >/dev/null)
    multitool=("$work/node_modules/.bin/sarif-multitool")
fi
"${multitool[@]}" --version 2>/dev/null | head -n 1

failed=0
for log in examples.sarif broken.sarif stdin.sarif suppressed.sarif; do
    echo "-- validating $log"
    report="validation-${log%.sarif}.json"
    if ! "${multitool[@]}" validate --level '"Error;Warning;Note"' --output "$report" "$log" >"$report.txt" 2>&1; then
        cat "$report.txt"
        echo "validate-sarif: the multitool failed on $log" >&2
        failed=1
        continue
    fi
    if ! node - "$report" "$log" <<'EOF'; then
const fs = require('fs');
const [report, log] = process.argv.slice(2);
let results;
try {
  results = JSON.parse(fs.readFileSync(report, 'utf8')).runs[0].results || [];
} catch (e) {
  console.error(`validate-sarif: no readable validation output for ${log}: ${e.message}`);
  process.exit(1);
}
const count = (level) => results.filter((r) => (r.level || 'warning') === level).length;
const errors = count('error');
const warnings = count('warning');
const notes = count('note');
for (const r of results.filter((r) => (r.level || 'warning') !== 'note')) {
  const args = (r.message && r.message.arguments) || [];
  console.error(`  ${r.level || 'warning'} ${r.ruleId}: ${args.join(' | ')}`);
}
console.log(`   ${log}: ${errors} errors, ${warnings} warnings, ${notes} notes`);
if (results.length === 0) {
  console.error(`validate-sarif: the multitool reported nothing for ${log}, so it could not read it`);
  process.exit(1);
}
process.exit(errors + warnings > 0 ? 1 : 0);
EOF
        grep -E ': (error|warning) ' "$report.txt" || true
        failed=1
    fi
done

if [[ $failed -ne 0 ]]; then
    echo "validate-sarif: FAILED" >&2
    exit 1
fi
echo "validate-sarif: all SARIF logs valid"
