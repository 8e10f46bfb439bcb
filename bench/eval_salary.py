"""Score ``jobintel.nlp.salary.parse_salary`` on two tables of strings.

(a) price-parser 0.5.1's own table of e-commerce price strings (``eval-data/salary-string-cases``; skipped
    cleanly when absent). Most rows are product prices, not salaries: we compare our ``min`` (a single
    amount gives min == max) to the expected amount, and our ISO currency to the expected currency mark
    mapped to ISO with ``jobintel.nlp.fx.currency_code`` (rows whose mark we cannot map are reported apart).
(b) our own table of job-board salary strings, ``tests/data/salary_strings.jsonl``: % exact on
    (min, max, period) and on currency.
(c) the held-out style tables in ``tests/test_salary_realworld.py`` (strings no rule was tuned on first):
    % exact on (min, max, currency, period), "no salary" traps, and whole-posting excerpts.

Plus throughput in strings per second.

    uv run python bench/eval_salary.py [--shared DIR] [--show-failures N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import time
from collections import Counter
from pathlib import Path

from eval_data import find_eval_data

from jobintel.nlp.fx import currency_code
from jobintel.nlp.salary import find_salary, parse_salary

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "tests" / "data" / "salary_strings.jsonl"
REALWORLD = ROOT / "tests" / "test_salary_realworld.py"
PRICE_FILE = "price_strings_price_parser_0.5.1.jsonl"


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def eval_price_parser(path: Path, show: int) -> None:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    n = len(rows)
    amount_ok = cur_ok = cur_rows = zero_policy = 0
    unmappable: Counter[str] = Counter()
    fails: list[str] = []
    per_group: dict[str, list[int]] = {}
    for r in rows:
        expected = float(r["amount"]) if r["amount"] is not None else None
        hint = currency_code(r.get("currency_raw")) if r.get("currency_raw") else None
        sal = parse_salary(r["price_raw"], default_currency=hint)
        got = sal.min if sal else None
        if sal and got is None:
            got = sal.max
        if expected == 0 and got is None:
            zero_policy += 1  # by design a zero amount is "no salary" here
            ok = True
        else:
            ok = _close(got, expected)
        amount_ok += ok
        g = per_group.setdefault(r["group"], [0, 0])
        g[0] += ok
        g[1] += 1
        if not ok and len(fails) < show:
            fails.append(f"  amount {r['price_raw']!r}: expected {expected}, got {got}")
        if r["currency"]:
            iso = currency_code(r["currency"])
            if iso is None:
                unmappable[r["currency"]] += 1
                continue
            cur_rows += 1
            cur_ok += bool(sal and sal.currency == iso)
    print(f"(a) price-parser 0.5.1 table: {n} price strings (e-commerce, not salaries)")
    print(f"    amount exact (our min vs expected): {amount_ok}/{n} = {100 * amount_ok / n:.1f}%")
    print(f"      of which zero amounts counted right as 'no salary' by policy: {zero_policy}")
    print(
        f"    currency exact, rows with a currency we can map to ISO: {cur_ok}/{cur_rows} = "
        f"{100 * cur_ok / max(cur_rows, 1):.1f}%"
    )
    print(f"    rows with a currency mark we do not map (not scored): {sum(unmappable.values())} "
          f"(e.g. {', '.join(k for k, _ in unmappable.most_common(8))})")  # fmt: skip
    for name, (ok, tot) in sorted(per_group.items()):
        print(f"      {name:<52} {ok:>4}/{tot:<4} = {100 * ok / tot:5.1f}%")
    if fails:
        print("    first failures:")
        print("\n".join(fails))


def load_ours(path: Path = OURS) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def score_row(row: dict) -> tuple[bool, bool, object]:
    """(min/max/period exact, currency exact, parsed Salary) for one row of our table."""
    sal = parse_salary(row["text"])
    got = (None, None, None, None) if sal is None else (sal.min, sal.max, sal.period, sal.currency)
    mmp = _close(got[0], row["min"]) and _close(got[1], row["max"]) and got[2] == row["period"]
    return mmp, got[3] == row["currency"], sal


def eval_ours(path: Path, show: int) -> None:
    rows = load_ours(path)
    n = len(rows)
    exact = cur = 0
    fails = []
    for r in rows:
        mmp, c, sal = score_row(r)
        exact += mmp
        cur += c
        if not (mmp and c):
            fails.append(
                f"  {r['text']!r}: expected {(r['min'], r['max'], r['period'], r['currency'])}, got "
                f"{(sal.min, sal.max, sal.period, sal.currency) if sal else None}"
            )
    print(f"(b) jobintel salary strings ({path.relative_to(ROOT)}): {n} strings")
    print(f"    exact on (min, max, period): {exact}/{n} = {100 * exact / n:.1f}%")
    print(f"    exact on currency:           {cur}/{n} = {100 * cur / n:.1f}%")
    for line in fails[:show]:
        print(line)


def eval_realworld(path: Path = REALWORLD) -> None:
    spec = importlib.util.spec_from_file_location("salary_realworld", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)

    def values(row):  # pytest.param rows (known misses) carry their values in ``.values``
        return tuple(getattr(row, "values", row))

    def as_tuple(s):
        return None if s is None else (s.min, s.max, s.currency, s.period)

    amounts = [values(r) for name in mod.AMOUNT_GROUPS for r in getattr(mod, name)]
    amount_ok = sum(as_tuple(parse_salary(r[0])) == r[1:] for r in amounts)
    traps = [values(r)[0] if not isinstance(r, str) else r for r in mod.NO_SALARY + mod.NO_SALARY_MISSES]
    trap_ok = sum(parse_salary(t) is None for t in traps)
    posts = [values(r) for r in mod.POSTINGS]
    post_ok = sum(as_tuple(find_salary(r[0])) == (r[1:] if len(r) > 2 else None) for r in posts)
    total, ok = len(amounts) + len(traps) + len(posts), amount_ok + trap_ok + post_ok
    print(f"(c) real-world style tables ({path.relative_to(ROOT)}): {ok}/{total} = {100 * ok / total:.1f}%")
    print(f"    parse_salary amounts exact:  {amount_ok}/{len(amounts)}")
    print(f"    no-salary traps give None:   {trap_ok}/{len(traps)}")
    print(f"    find_salary over postings:   {post_ok}/{len(posts)}")


def throughput(texts: list[str], seconds: float = 2.0) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in texts:
            parse_salary(t)
        done += len(texts)
    return done / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="shared data folder (default: $JOBINTEL_SHARED or ../shared)")
    ap.add_argument("--show-failures", type=int, default=20)
    args = ap.parse_args()
    data = find_eval_data("salary-string-cases", args.shared)
    price_path = data / PRICE_FILE if data else None
    texts = [r["text"] for r in load_ours()]
    if price_path and price_path.exists():
        eval_price_parser(price_path, args.show_failures)
        texts += [json.loads(line)["price_raw"] for line in price_path.read_text("utf-8").splitlines()]
    else:
        print(f"(a) skipped: {price_path or 'eval-data/salary-string-cases'} not found")
    eval_ours(OURS, args.show_failures)
    eval_realworld()
    print(
        f"throughput: {throughput(texts):,.0f} strings/s "
        f"(parse_salary, one core, {len(texts)} distinct strings)"
    )


if __name__ == "__main__":
    main()
