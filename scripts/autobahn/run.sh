#!/usr/bin/env bash
# Runs Autobahn|Testsuite's fuzzing client (all 517 cases, or those named in CASES) against
# `jobhunter serve --echo-endpoint`, then prints the result table (scripts/autobahn/summary.py).
#
#   scripts/autobahn/run.sh                 # every case, release build
#   CASES='["12.1.*"]' scripts/autobahn/run.sh
#
# wstest needs Python 2.7 (installed here under ~/.pyenv); its virtualenv is kept in $WSTEST_VENV.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/autobahn
venv=${WSTEST_VENV:-${TMPDIR:-/tmp}/wstest-venv}
python2=${PYTHON27:-$HOME/.pyenv/versions/2.7.18/bin/python2.7}
configuration=${CONFIGURATION:-release}
port=${PORT:-9002}
cases=${CASES:-'["*"]'}
work=${AUTOBAHN_OUT:-${TMPDIR:-/tmp}/jobhunter-autobahn}

if [ ! -x "$venv/bin/wstest" ]; then
    [ -x "$python2" ] || { echo "Python 2.7 not found at $python2 (set PYTHON27)" >&2; exit 2; }
    echo "installing wstest into $venv ..." >&2
    "$python2" -m pip install --quiet 'virtualenv<20.22'
    "$python2" -m virtualenv --quiet "$venv"
    "$venv/bin/pip" install --quiet -c "$here/constraints.txt" autobahntestsuite==0.8.2
fi

swift build -c "$configuration" --product jobhunter >&2
binary=".build/$configuration/jobhunter"
rm -rf "$work" && mkdir -p "$work"
export XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}" JOBHUNTER_JWT_SECRET=autobahn-only-secret-0123456789abcdef
"$binary" serve --port "$port" --echo-endpoint --db "$work/server.sqlite" ${SERVE_ARGS:-} >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

cat >"$work/spec.json" <<SPEC
{
  "outdir": "$work/reports",
  "servers": [{"agent": "jobhunter", "url": "ws://127.0.0.1:$port/ws/echo"}],
  "cases": $cases,
  "exclude-cases": [],
  "exclude-agent-cases": {}
}
SPEC
(cd "$work" && "$venv/bin/wstest" -m fuzzingclient -s spec.json >"$work/wstest.log" 2>&1)
python3 "$here/summary.py" "$work/reports/index.json"
