#!/usr/bin/env bash
# Trains the offline intent classifier's code on CLINC150 (github.com/clinc/oos-eval, CC BY 3.0,
# Larson et al., EMNLP 2019) and prints in-scope accuracy and out-of-scope recall beside the paper's baselines.
# The data stays out of the shipped data/: it is fetched into .build/clinc150/ (or read from CLINC150_JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
file="${CLINC150_JSON:-.build/clinc150/data_full.json}"
if [ ! -f "$file" ]; then
    mkdir -p "$(dirname "$file")"
    mirror="${MIRROR_ROOT:-/work/.mirror}/clinc+oos-eval/repo"
    if [ -d "$mirror" ]; then
        git --git-dir="$mirror" show HEAD:data/data_full.json > "$file"
    else
        curl -fsSL https://raw.githubusercontent.com/clinc/oos-eval/master/data/data_full.json -o "$file"
    fi
fi
swift run -c release JobHunterBench clinc "$file"
