"""Print the agreement of ccm's ja rules with textlint's test tables, as a Markdown table.

Run: ``python tests/ja/score_textlint.py``. ``-v`` lists failures.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from textlint_tables import ACCEPTED_DISAGREEMENTS, check_case, load_cases, run_rule


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    stats: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"valid": [0, 0], "invalid": [0, 0]})
    failures = []
    messages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in load_cases():
        if case.kind == "invalid":
            found = run_rule(case.rule, case.text, case.options)
            for (_, _, message), err in zip(found, case.errors):
                if "message" in err:
                    messages[case.rule][1] += 1
                    messages[case.rule][0] += message == err["message"]
        passed, why = check_case(case)
        s = stats[case.rule][case.kind]
        s[1] += 1
        if passed:
            s[0] += 1
        else:
            failures.append((case, why))
    print("| rule | valid passed/total | invalid passed/total | same message as textlint |")
    print("|---|---|---|---|")
    tv = [0, 0]
    ti = [0, 0]
    tm = [0, 0]
    for rule in sorted(stats):
        v = stats[rule]["valid"]
        i = stats[rule]["invalid"]
        tv = [tv[0] + v[0], tv[1] + v[1]]
        ti = [ti[0] + i[0], ti[1] + i[1]]
        m = messages[rule]
        tm = [tm[0] + m[0], tm[1] + m[1]]
        print(f"| `{rule}` | {v[0]}/{v[1]} | {i[0]}/{i[1]} | {m[0]}/{m[1]} |")
    print(f"| **all** | **{tv[0]}/{tv[1]}** | **{ti[0]}/{ti[1]}** | **{tm[0]}/{tm[1]}** |")
    if verbose:
        for case, why in failures:
            accepted = " (accepted)" if case.key in ACCEPTED_DISAGREEMENTS else ""
            print(f"\nFAIL {case.rule}:{case.id}{accepted}\n  text: {case.text!r}\n  {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
