"""Score role and seniority tagging on O*NET 29.2 Alternate Titles (real job-title variants by occupation).

Data: ``../shared/eval-data/onet-29.2-tech-skills/Alternate_Titles.txt`` (skipped cleanly when absent).
This product includes information from O*NET 29.2 Database by the U.S. Department of Labor, Employment and
Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.

(a) Role accuracy. Each SOC code in ``SOC_ROLES`` is mapped to the role of ``nlp/data/roles.toml`` that a
    posting of that occupation would get. O*NET lists many titles under a neighbouring occupation ("Data
    Engineer" is an alternate title of Data Scientists *and* of Database Architects), so a title is right
    when its role is the expected role of *any* mapped SOC code that lists it, or the role that the title
    literally names (a role's name or alias, e.g. "Machine Learning Engineer"). Also reported: the family
    agrees, and no role at all.
(b) False tech roles. Titles of clearly unrelated occupations (every SOC outside ``NEUTRAL`` and the mapped
    codes: nurses, drivers, accountants, sales reps, mechanical engineers...) that get any role. Titles also
    listed under a mapped or neutral code are left out: they are ambiguous by O*NET's own account.
(c) Seniority on titles with an explicit marker. Natural O*NET titles (Senior, Junior, Lead, Principal, Staff,
    Head, Director, VP, Chief, Intern, Apprentice, Associate, Manager, Supervisor), labelled by
    ``_gold_level`` below; and templated variants of the mapped tech titles ("Sr. {t}", "{t} II",
    "{t}, Level 2", "Head of ...") for the markers that O*NET never writes.

    uv run python bench/eval_titles.py [--shared DIR] [--show-failures N]
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from eval_data import find_eval_data

from jobintel.nlp.roles import load_taxonomy
from jobintel.nlp.seniority import infer_seniority

EM, SWE, DS, DE, DA = (
    "Engineering Manager",
    "Software Engineer",
    "Data Scientist",
    "Data Engineer",
    "Data Analyst",
)
RS, SEC, OPS = "ML Research Scientist", "Security Engineer", "DevOps/Platform Engineer"

#: SOC code (prefix) -> expected role. Decided from each role's include patterns in roles.toml:
#: statisticians are Data Scientists there; data architects and data-warehouse engineers are Data Engineers;
#: BI analysts are Data Analysts; research scientists (15-1221) are ML Research Scientists; managers and
#: directors of software/data/systems development are Engineering Managers.
SOC_ROLES: dict[str, str] = {
    "15-2051.00": DS,  # Data Scientists
    "15-2041": DS,  # Statisticians, Biostatisticians
    "15-2051.01": DA,  # Business Intelligence Analysts
    "15-1243": DE,  # Database Architects, Data Warehousing Specialists
    "15-1221": RS,  # Computer and Information Research Scientists
    "15-1252": SWE,  # Software Developers
    "15-1251": SWE,  # Computer Programmers
    "15-1254": SWE,  # Web Developers
    "15-1299.07": SWE,  # Blockchain Engineers
    "15-1212": SEC,  # Information Security Analysts
    "15-1299.04": SEC,  # Penetration Testers
    "15-1299.05": SEC,  # Information Security Engineers
    "11-3021": EM,  # Computer and Information Systems Managers
}
#: Tech-adjacent occupations with no matching role (sysadmins, support, QA, network, GIS, hardware,
#: engineering managers of other disciplines, CS teachers): neither scored nor counted as false positives.
NEUTRAL = ("15-", "11-3021", "11-9041", "17-2061", "17-2199", "25-1021", "15-2099")

# Seniority gold labels for natural titles: the marker's usual meaning on job boards, with the O*NET traps
# spelled out ("Staff Nurse" is not staff level, "Lead Abatement Worker" handles lead the metal).
_IC_MANAGER = re.compile(
    r"\b(?:product|program|project|account|case|property|care|relationship|territory|portfolio"
    r"|content|community|brand|campaign|category|office|release|success)\s+manager\b",
    re.I,
)
_REAL_MANAGER = re.compile(r"\b(?:director|vice president|vp|chief|head of|supervisor)\b", re.I)
_GOLD = [
    (
        "skip",
        r"\b(?:assistant|associate) professor\b|\bvice principal\b|\bhead(?:\s+and|\s+start|set|line)\b",
    ),
    ("skip", r"\blead (?:abatement|burner|paint|smelter|poisoning|based)\b|\bsenior (?:citizen|center)s?\b"),
    ("principal", r"^principal [a-z]|\bprincipal (?:engineer|scientist|architect|consultant|investigator)\b"),
    ("manager", r"\b(?:school|elementary|high school|k-12|middle school)\s+principal\b|^principal$"),
    ("manager", r"\b(?:director|vice president|vp|evp|svp|chief|ceo|cfo|cio|cto|head of|mgr)\b|^head\b"),
    ("intern", r"\b(?:intern|internship|apprentice|trainee|co-op)\b"),
    (
        "lead",
        r"\bstaff (?:\w+ )?(?:engineer|scientist|developer|architect|researcher)\b|\blead\b|\bteam leader\b",
    ),
    ("senior", r"\b(?:senior|sr\.?)\b"),
    ("entry", r"\b(?:junior|jr\.?|entry level)\b|\bassociate\b"),
    ("manager", r"\b(?:manager|supervisor)\b"),
    ("none", r"\bstaff\b"),
]


def _gold_level(title: str) -> str | None:
    """The level a reader gives ``title`` from its marker.

    "none" when the marker word means no level here ("Staff Nurse"); None when the title is not scored.

    >>> _gold_level("Staff Nurse"), _gold_level("Sr. Data Engineer"), _gold_level("Data Engineer")
    ('none', 'senior', None)
    """
    t = re.sub(r"\s*\([^)]*\)", "", title).strip()
    for level, pattern in _GOLD:
        if re.search(pattern, t, re.I):
            ic_manager = re.search(r"\bmanager\b", t, re.I) and _IC_MANAGER.search(t)
            if level == "manager" and ic_manager and not _REAL_MANAGER.search(t):
                return "none"
            return None if level == "skip" else level
    return None


# Templated markers: (template, expected level). {t} is a mapped tech title without its parenthesis.
TEMPLATES = [
    ("Sr. {t}", "senior"), ("Senior {t}", "senior"), ("{t}, Senior", "senior"), ("{t} III", "senior"),
    ("Jr. {t}", "entry"), ("Junior {t}", "entry"), ("{t} I", "entry"), ("Associate {t}", "entry"),
    ("{t} II", "mid"), ("{t}, Level 2", "mid"), ("{t} 2", "mid"), ("{t} (II)", "mid"),
    ("Staff {t}", "lead"), ("Senior Staff {t}", "lead"), ("Lead {t}", "lead"), ("{t} Lead", "lead"),
    ("{t} IV", "lead"), ("Principal {t}", "principal"), ("Distinguished {t}", "principal"),
    ("{t} Intern", "intern"), ("{t} Internship", "intern"), ("Intern - {t}", "intern"),
    ("{t} Manager", "manager"), ("{t} Mgr", "manager"), ("Manager, {t}", "manager"),
]  # fmt: skip
HEADS = [
    ("Head of {d}", "manager"), ("Director, {d}", "manager"), ("VP of {d}", "manager"),
    ("Director of {d}", "manager"), ("Sr. Director, {d}", "manager"), ("Head, {d}", "manager"),
]  # fmt: skip
DOMAINS = [
    "Engineering",
    "Data Science",
    "Machine Learning",
    "Data",
    "AI",
    "Platform",
    "Analytics",
    "Security",
]


def _read(shared: Path) -> list[tuple[str, str]]:
    with (shared / "Alternate_Titles.txt").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    return [(r[0], r[1]) for r in rows[1:] if len(r) > 1]


def _expected(soc: str) -> str | None:
    return next((role for prefix, role in SOC_ROLES.items() if soc.startswith(prefix)), None)


def _key(title: str) -> str:
    return " ".join(re.sub(r"\([^)]*\)|[^a-z0-9+#]+", " ", title.lower()).split())


def eval_roles(rows: list[tuple[str, str]], show: int) -> None:
    tax = load_taxonomy()
    named = {_key(a): spec.name for spec in map(tax.get, tax.roles) for a in (spec.name, *spec.aliases)}
    accepted: dict[str, set[str]] = defaultdict(set)
    tech_keys = set()
    for soc, title in rows:
        if soc.startswith(NEUTRAL) or _expected(soc):
            tech_keys.add(_key(title))
        if role := _expected(soc):
            accepted[title].add(role)
    for title, roles in accepted.items():
        if (k := _key(title)) in named:
            roles.add(named[k])
    n = len(accepted)
    exact = family = none = 0
    misses: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    per_role: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    t0 = time.perf_counter()
    for title, roles in sorted(accepted.items()):
        got = tax.classify(title)
        ok = got is not None and got.name in roles
        exact += ok
        family += got is not None and got.family in {tax.family(r) for r in roles}
        none += got is None
        for r in roles:
            per_role[r][0] += ok
            per_role[r][1] += 1
        if not ok:
            pair = ("/".join(sorted(roles)), got.name if got else "-")
            misses[pair] += 1
            examples[pair].append(title)
    dt = time.perf_counter() - t0
    print(f"(a) role on alternate titles of mapped SOC codes: {n} distinct titles")
    print(f"    exact role: {exact}/{n} = {100 * exact / n:.1f}%   family: {100 * family / n:.1f}%   "
          f"no role: {100 * none / n:.1f}%   ({n / dt:,.0f} titles/s)")  # fmt: skip
    for role, (ok, tot) in sorted(per_role.items()):
        print(f"      {role:<26} {ok:>4}/{tot:<4} = {100 * ok / tot:5.1f}%")
    if show:
        print("    misses by (expected -> got), most common first:")
        for (exp, got), c in misses.most_common(show):
            print(f"      {c:>3}  {exp} -> {got}: {'; '.join(examples[(exp, got)][:8])}")

    unrelated = sorted({t for soc, t in rows if not soc.startswith(NEUTRAL) and not _expected(soc)})
    unrelated = [t for t in unrelated if _key(t) not in tech_keys and _key(t) not in named]
    wrong: Counter[str] = Counter()
    wrong_examples: dict[str, list[str]] = defaultdict(list)
    t0 = time.perf_counter()
    for title in unrelated:
        if got := tax.classify(title):
            wrong[got.name] += 1
            wrong_examples[got.name].append(title)
    dt = time.perf_counter() - t0
    m = sum(wrong.values())
    print(
        f"(b) unrelated occupations: {len(unrelated)} distinct titles ({len(unrelated) / dt:,.0f} titles/s)"
    )
    print(f"    given a tech role: {m}/{len(unrelated)} = {100 * m / len(unrelated):.2f}%")
    for role, c in wrong.most_common():
        shown = "; ".join(wrong_examples[role][: max(show, 3)])
        print(f"      {c:>4}  {role}: {shown}")


def _score(cases: list[tuple[str, str]], label: str, show: int) -> None:
    ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for title, gold in cases:
        got = infer_seniority(title).level or "none"
        ok += got == gold
        if got != gold:
            confusion[(gold, got)] += 1
            examples[(gold, got)].append(title)
    n = len(cases)
    print(f"    {label}: {ok}/{n} = {100 * ok / max(n, 1):.1f}%")
    for (gold, got), c in confusion.most_common(show):
        print(f"      {c:>4}  {gold} -> {got}: {'; '.join(examples[(gold, got)][:6])}")


def eval_seniority(rows: list[tuple[str, str]], show: int) -> None:
    natural = sorted({(t, g) for _, t in rows if (g := _gold_level(t)) is not None})
    by_level = Counter(g for _, g in natural)
    counts = ", ".join(f"{k} {v}" for k, v in by_level.items())
    print(f"(c) seniority on titles with an explicit marker ({counts})")
    _score(natural, "natural O*NET titles", show)
    bases = sorted(
        {re.sub(r"\s*\([^)]*\)", "", t) for soc, t in rows if _expected(soc) and _expected(soc) != EM}
    )
    bases = [
        b for b in bases if _gold_level(b) is None and not re.search(r"\b(?:manager|director)\b", b, re.I)
    ]
    templated = [(tpl.format(t=b), level) for b in bases for tpl, level in TEMPLATES]
    templated += [(tpl.format(d=d), level) for d in DOMAINS for tpl, level in HEADS]
    _score(templated, f"templated markers on {len(bases)} tech titles", show)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="shared data folder (default: $JOBINTEL_SHARED or ../shared)")
    ap.add_argument("--show-failures", type=int, default=12, metavar="N")
    args = ap.parse_args()
    data = find_eval_data("onet-29.2-tech-skills", args.shared)
    if data is None or not (data / "Alternate_Titles.txt").exists():
        print("skipped: eval-data/onet-29.2-tech-skills/Alternate_Titles.txt not found (O*NET 29.2)")
        return
    rows = _read(data)
    eval_roles(rows, args.show_failures)
    eval_seniority(rows, args.show_failures)


if __name__ == "__main__":
    main()
