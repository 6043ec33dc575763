#!/usr/bin/env python3
"""Summarises an Autobahn|Testsuite report (reports/index.json): totals per behaviour, every case that
is not OK, and the slowest cases of group 9 (the performance cases)."""
import collections
import json
import sys


def case_key(case_id):
    return tuple(int(part) for part in case_id.split("."))


def main(path):
    with open(path) as handle:
        index = json.load(handle)
    for agent, cases in index.items():
        totals = collections.Counter()
        bad = []
        for case_id, result in sorted(cases.items(), key=lambda item: case_key(item[0])):
            behaviour = result["behavior"]
            totals[behaviour] += 1
            if behaviour not in ("OK", "INFORMATIONAL", "NON-STRICT") or result["behaviorClose"] not in ("OK", "INFORMATIONAL"):
                bad.append((case_id, behaviour, result["behaviorClose"]))
        print(f"{agent}: {sum(totals.values())} cases: " + ", ".join(f"{count} {name}" for name, count in sorted(totals.items())))
        for case_id, behaviour, close in bad:
            print(f"  {case_id}: {behaviour} (close {close})")
        slow = sorted(((result.get("duration", 0), case_id) for case_id, result in cases.items() if case_id.startswith("9.")), reverse=True)[:5]
        if slow:
            print("  slowest 9.* cases: " + ", ".join(f"{case_id} {duration} ms" for duration, case_id in slow))
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "reports/index.json"))
