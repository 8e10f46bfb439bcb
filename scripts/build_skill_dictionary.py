"""Build ``jobintel/nlp/data/skills.json`` from O*NET Technology Skills and our curated list.

Deterministic: the same inputs give a byte-identical file (sorted keys and entries, no timestamps), so
``tests/test_skill_dictionary.py`` can compare the shipped file with a fresh build.

Usage::

    uv run python scripts/build_skill_dictionary.py            # finds ../shared or $JOBINTEL_SHARED
    uv run python scripts/build_skill_dictionary.py --check    # exit 1 when the shipped file is stale

Sources: O*NET 29.2 ``Technology_Skills.txt`` (CC BY 4.0) and ``Occupation_Data.txt`` (descriptions, for an
ordinary-English vocabulary), the ESCO v1.1 preferred skill labels (cross-references and vocabulary), and
``jobintel/nlp/data/skills_curated.yaml``. Curated entries override O*NET.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "jobintel" / "nlp" / "data"
CURATED = DATA / "skills_curated.yaml"
OUTPUT = DATA / "skills.json"
ONET_DIR = Path("eval-data/onet-29.2-tech-skills")
ESCO_LABELS = Path("eval-data/decorte-esco-skill-benchmark/skills_en_label.txt")
FORMAT = 1

# O*NET commodity classes whose products are technical skills, mapped to our categories. Office, e-mail,
# medical, accounting, HR, POS and similar classes are left out on purpose: their products are not what a
# technical posting means by a skill, and many of their names are everyday words.
ONET_CATEGORIES: dict[str, str] = {
    "Development environment software": "tool",
    "Object or component oriented development software": "framework",
    "Web platform development software": "framework",
    "Graphical user interface development software": "framework",
    "Compiler and decompiler software": "tool",
    "Program testing software": "tool",
    "Configuration management software": "tool",
    "File versioning software": "tool",
    "Data base management system software": "database",
    "Object oriented data base management software": "database",
    "Data base user interface and query software": "database",
    "Data base reporting software": "tool",
    "Business intelligence and data analysis software": "tool",
    "Data mining software": "tool",
    "Analytical or scientific software": "tool",
    "Metadata management software": "tool",
    "Enterprise application integration software": "platform",
    "Application server software": "platform",
    "Transaction server software": "platform",
    "Portal server software": "platform",
    "Operating system software": "platform",
    "Network operation system software": "platform",
    "Network operating system enhancement software": "platform",
    "Cloud-based management software": "platform",
    "Cloud-based data access and sharing software": "platform",
    "Cloud-based protection or security software": "platform",
    "Clustering software": "platform",
    "Filesystem software": "platform",
    "Storage networking software": "platform",
    "Backup or archival software": "tool",
    "Network monitoring software": "tool",
    "Network security or virtual private network VPN management software": "tool",
    "Network security and virtual private network VPN equipment software": "tool",
    "Transaction security and virus protection software": "tool",
    "Authentication server software": "tool",
    "Internet directory services software": "platform",
    "Switch or router software": "tool",
    "Software defined networking/ virtualization software": "platform",
    "Enterprise system management software": "tool",
    "Platform interconnectivity software": "platform",
    "Requirements analysis and system architecture software": "tool",
    "Information retrieval or search software": "tool",
    "Expert system software": "tool",
    "Categorization or classification software": "tool",
    "Voice recognition software": "tool",
    "Computer aided design CAD software": "tool",
    "Computer aided manufacturing CAM software": "tool",
    "Industrial control software": "tool",
    "Geographic information system": "tool",
    "Map creation software": "tool",
    "Enterprise resource planning ERP software": "platform",
    "Customer relationship management CRM software": "platform",
    "Project management software": "tool",
    "Content workflow software": "tool",
    "Graphics or photo imaging software": "tool",
    "Web page creation and editing software": "tool",
    "Process mapping and design software": "tool",
    "Data conversion software": "tool",
    "Device drivers or system software": "tool",
}
# Classes full of industry-specific applications (dental imaging, route accounting, lab instruments ...):
# a product from these is kept only when O*NET marks it a Hot Technology or several occupations use it.
BROAD_CLASSES = frozenset(
    {
        "Data base user interface and query software",
        "Analytical or scientific software",
        "Computer aided design CAD software",
        "Computer aided manufacturing CAM software",
        "Industrial control software",
        "Geographic information system",
        "Map creation software",
        "Enterprise resource planning ERP software",
        "Customer relationship management CRM software",
        "Project management software",
        "Content workflow software",
        "Graphics or photo imaging software",
        "Web page creation and editing software",
        "Process mapping and design software",
        "Voice recognition software",
        "Expert system software",
        "Categorization or classification software",
        "Data conversion software",
        "Device drivers or system software",
        "Requirements analysis and system architecture software",
        "Backup or archival software",
        "Information retrieval or search software",
    }
)
MIN_OCCUPATIONS_BROAD = 2

# Company prefixes stripped to derive a shorter alias ("Microsoft Visual Studio" -> "Visual Studio").
VENDORS = sorted(
    [
        "Adobe Systems",
        "Adobe",
        "Amazon Web Services",
        "Amazon",
        "Apache",
        "Apple",
        "Atlassian",
        "Autodesk",
        "Cisco Systems",
        "Cisco",
        "Dassault Systemes",
        "Docker",
        "Eclipse",
        "Elastic",
        "Embarcadero",
        "Esri",
        "Google",
        "Hewlett Packard Enterprise",
        "Hewlett-Packard",
        "HP",
        "IBM",
        "Informatica",
        "Intel",
        "JetBrains",
        "Micro Focus",
        "Microsoft",
        "MongoDB",
        "National Instruments",
        "NVIDIA",
        "Oracle",
        "Red Hat",
        "Salesforce",
        "SAP",
        "SAS Institute",
        "Siemens",
        "Splunk",
        "Sun Microsystems",
        "Teradata",
        "The MathWorks",
        "TIBCO",
        "TIBCO Software",
        "VMware",
        "Wolfram Research",
    ],
    key=len,
    reverse=True,
)
# Descriptive suffixes that are not part of a product's name.
_SUFFIX = re.compile(r"\s+(software|programming language|language|platform software|suite software)$", re.I)
_TRAILING_ACRONYM = re.compile(r"^(?P<head>.+?)\s+(?P<acro>[A-Z][A-Z0-9+#/.-]{1,9})$")
_GENERIC_TAIL = re.compile(
    r"\b(software|systems?|tools?|libraries|programs?|applications?|languages?|packages?|code)$", re.I
)
_WORD = re.compile(r"[a-z][a-z'-]*")


def find_shared(explicit: str | None = None) -> Path | None:
    """The shared data folder: ``--shared``, ``$JOBINTEL_SHARED`` or ``<repo>/../shared``."""
    # an explicit path is the only one tried: "--shared /missing" must skip, not fall back
    options = [explicit] if explicit else [os.environ.get("JOBINTEL_SHARED"), str(REPO.parent / "shared")]
    for candidate in options:
        if candidate and (Path(candidate) / ONET_DIR / "Technology_Skills.txt").is_file():
            return Path(candidate)
    return None


def slug(text: str) -> str:
    """Lowercase id from a display name: ``slug("Apache Subversion SVN") == "apache-subversion-svn"``."""
    text = (
        text.lower().replace("c++", "cpp").replace("c#", "csharp").replace("+", "plus").replace("#", "sharp")
    )
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def english_vocabulary(shared: Path, extra: list[str]) -> set[str]:
    """Ordinary English words: lowercase words of ESCO labels and O*NET occupation descriptions, plus ours.

    Words written capitalised there (``Python (computer programming)``) are product names, so only words that
    appear in lowercase count.
    """
    words: set[str] = {w.lower() for w in extra}
    for line in (shared / ESCO_LABELS).read_text(encoding="utf-8").splitlines():
        words.update(w for w in _WORD.findall(line) if w == w.lower())
    with (shared / ONET_DIR / "Occupation_Data.txt").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            words.update(w for w in _WORD.findall(row["Description"]) if w == w.lower())
    return words


def _spells_out(head: str, acronym: str) -> bool:
    """True when ``acronym`` abbreviates ``head`` (or ``head`` without its vendor).

    Same first letter, and the other letters occur in order in the head: "eXtensible Markup Language" -> XML.
    """
    wanted = [c for c in acronym.lower() if c.isalpha()]
    for text in {head, *(head[len(v) + 1 :] for v in VENDORS if head.startswith(v + " "))}:
        low = text.lower()
        if not wanted or not low or low[0] != wanted[0]:
            continue
        rest = iter(low[1:])
        if all(c in rest for c in wanted[1:]):
            return True
    return False


_ENGLISH_SUFFIX = re.compile(r"(ing|ers|ors|ity|ion|ics|graphy|logy|ment|ness|ware|able|ive)$")


def _looks_like_product(word: str, popular: bool) -> bool:
    """A one-word O*NET alias is kept only when it cannot pass for prose.

    Two- and three-letter acronyms (ATS, DOE, CMS) mean too many things; a plain capitalised word
    ("Debuggers", "Darwin") must be a popular product and not look like an inflected English word.
    """
    letters = re.sub(r"[^A-Za-z]", "", word)
    if word.isupper() and len(letters) <= 3:
        return False
    if re.search(r"[0-9+#./!-]", word) or re.search(r"[a-z][A-Z]", word) or word.isupper():
        return True
    return popular and not _ENGLISH_SUFFIX.search(word.lower())


def onet_aliases(name: str, english: set[str], popular: bool = True) -> list[str]:
    """Safe aliases for an O*NET example name; [] when the name is generic or every form is a plain word.

    >>> onet_aliases("Microsoft SQL Server Reporting Services SSRS", set())[-2:]
    ['SQL Server Reporting Services SSRS', 'SSRS']
    >>> onet_aliases("Automated document generation software", set())
    []
    """
    base = _SUFFIX.sub("", name.strip())
    words = base.split()
    # "Automated document generation software": no proper noun after the first word -> a category
    if len(words) > 1 and all(w == w.lower() for w in words[1:]):
        return []
    if _GENERIC_TAIL.search(name) and name.split()[0].lower() in english and len(name.split()) <= 3:
        return []
    forms = {name.strip(), base}
    m = _TRAILING_ACRONYM.match(base)
    if m:
        # "Common gateway interface CGI": the head spells the acronym out, both are names of the product.
        # "Photon Design FIMMPROP": the head is the vendor, only the last word names the product.
        forms.add(m["acro"])
        if _spells_out(m["head"], m["acro"]):
            forms.add(m["head"])
    for form in list(forms):
        for vendor in VENDORS:
            if form.startswith(vendor + " ") and len(form) > len(vendor) + 1:
                forms.add(form[len(vendor) + 1 :])
                break
    safe = []
    for form in forms:
        tokens = form.lower().split()
        if len(form) < 3 or form.isdigit() or not re.search(r"[A-Za-z]", form):
            continue
        if len(tokens) == 1 and not _looks_like_product(form, popular):
            continue
        # every word ordinary English ("Data Integrator", "Teams") -> it would fire on plain prose
        if all(t.strip("().,") in english for t in tokens):
            continue
        safe.append(form)
    return sorted(set(safe))


def load_onet(shared: Path) -> dict[str, dict[str, Any]]:
    """O*NET example name -> cross-reference data, for the technical commodity classes."""
    out: dict[str, dict[str, Any]] = {}
    socs: dict[str, set[str]] = defaultdict(set)
    with (shared / ONET_DIR / "Technology_Skills.txt").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            title = row["Commodity Title"]
            name = row["Example"].strip()
            socs[name].add(row["O*NET-SOC Code"])
            rec = out.setdefault(
                name, {"example": name, "commodity": {}, "hot": False, "in_demand": False, "tech": False}
            )
            rec["commodity"][row["Commodity Code"]] = title
            rec["hot"] |= row["Hot Technology"] == "Y"
            rec["in_demand"] |= row["In Demand"] == "Y"
            rec["tech"] |= title in ONET_CATEGORIES
    for name, rec in out.items():
        rec["occupations"] = len(socs[name])
        core = any(t in ONET_CATEGORIES and t not in BROAD_CLASSES for t in rec["commodity"].values())
        popular = rec["hot"] or rec["occupations"] >= MIN_OCCUPATIONS_BROAD
        rec["tech"] = rec["tech"] and (core or popular)
    return out


def esco_index(shared: Path) -> dict[str, str]:
    """Lowercased lookup key -> ESCO preferred label (``python`` -> ``Python (computer programming)``)."""
    index: dict[str, str] = {}
    for label in sorted((shared / ESCO_LABELS).read_text(encoding="utf-8").splitlines()):
        label = label.strip()
        if not label:
            continue
        index.setdefault(norm(label), label)
        m = re.fullmatch(r"(.+) \(computer programming\)", label)
        if m:
            index[norm(m[1])] = label
    return index


def _unique_aliases(aliases: list[str]) -> list[str]:
    """One spelling per lowercase form (the first given wins, so the display name keeps its case), sorted."""
    seen: dict[str, str] = {}
    for alias in aliases:
        seen.setdefault(norm(alias), alias.strip())
    return sorted(seen.values(), key=lambda a: (a.lower(), a))


def _onet_ref(recs: list[dict[str, Any]]) -> dict[str, Any]:
    codes = sorted({code for r in recs for code in r["commodity"]})
    return {
        "examples": sorted(r["example"] for r in recs),
        "commodity_codes": codes,
        "commodity_titles": sorted({r["commodity"][c] for r in recs for c in r["commodity"] if c in codes}),
        "hot": any(r["hot"] for r in recs),
        "in_demand": any(r["in_demand"] for r in recs),
        "occupations": max(r["occupations"] for r in recs),
    }


def build(shared: Path, curated_path: Path = CURATED) -> dict[str, Any]:
    """Merge curated entries and O*NET into the dictionary document (a plain dict, ready for JSON)."""
    curated = yaml.safe_load(curated_path.read_text(encoding="utf-8"))
    english = english_vocabulary(shared, curated.get("common_words", []))
    onet = load_onet(shared)
    esco = esco_index(shared)

    entries: dict[str, dict[str, Any]] = {}
    alias_owner: dict[str, str] = {}
    for item in curated["skills"]:
        aliases = _unique_aliases([item["name"], *item.get("aliases", [])])
        entries[item["id"]] = {
            "id": item["id"],
            "name": item["name"],
            "category": item["category"],
            "aliases": aliases,
            "source": "curated",
            "_onet_names": set(item.get("onet", [])),
            "_esco": item.get("esco"),
        }
        for alias in aliases:
            alias_owner.setdefault(norm(alias), item["id"])

    # O*NET names that normalise to a curated alias become cross-references of that entry.
    onet_new: dict[str, list[str]] = {}
    for name in sorted(onet):
        explicit = [e for e in entries.values() if name in e["_onet_names"]]
        candidates = [*onet_aliases(name, set()), name]
        owner = explicit[0]["id"] if explicit else None
        if owner is None:
            owner = next((alias_owner[norm(c)] for c in candidates if norm(c) in alias_owner), None)
        if owner is not None:
            entries[owner]["_onet_names"].add(name)
        elif onet[name]["tech"]:
            rec = onet[name]
            aliases = onet_aliases(name, english, rec["hot"] or rec["occupations"] >= 3)
            if aliases:
                onet_new[name] = aliases

    for name, aliases in onet_new.items():
        free = [a for a in aliases if norm(a) not in alias_owner]
        if not free:
            continue
        sid = slug(name)
        if sid in entries:
            continue
        category = next(
            ONET_CATEGORIES[t] for t in sorted(onet[name]["commodity"].values()) if t in ONET_CATEGORIES
        )
        entries[sid] = {
            "id": sid,
            "name": name,
            "category": category,
            "aliases": _unique_aliases(free),
            "source": "onet",
            "_onet_names": {name},
            "_esco": None,
        }
        for alias in free:
            alias_owner[norm(alias)] = sid

    skills = []
    for sid in sorted(entries):
        e = entries[sid]
        recs = [onet[n] for n in sorted(e.pop("_onet_names")) if n in onet]
        label = e.pop("_esco") or next((esco[norm(a)] for a in e["aliases"] if norm(a) in esco), None)
        e["onet"] = _onet_ref(recs) if recs else None
        e["esco"] = label
        skills.append(e)

    body = {"format": FORMAT, "skills": skills, "common_words": sorted(english)}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {
        "version": digest[:16],
        **body,
        "sources": [
            "O*NET 29.2 Database, Technology Skills (USDOL/ETA, CC BY 4.0)",
            "ESCO v1.1.0 skill labels (European Union)",
            "jobintel/nlp/data/skills_curated.yaml",
        ],
    }


def render(doc: dict[str, Any]) -> str:
    """Stable JSON text: one skill per line keeps diffs of the shipped file reviewable."""
    skills = ",\n".join("    " + json.dumps(s, sort_keys=True, ensure_ascii=False) for s in doc["skills"])
    head = {k: v for k, v in doc.items() if k not in ("skills", "common_words")}
    lines = ["{"]
    for key in sorted(head):
        lines.append(f"  {json.dumps(key)}: {json.dumps(head[key], ensure_ascii=False)},")
    lines.append(f'  "common_words": {json.dumps(doc["common_words"], ensure_ascii=False)},')
    lines.append('  "skills": [\n' + skills + "\n  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="shared data folder (default: $JOBINTEL_SHARED or ../shared)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("O*NET source data not found (set --shared or JOBINTEL_SHARED)", file=sys.stderr)
        return 2
    text = render(build(shared))
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.output} is stale: rerun {Path(__file__).name}")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    doc = json.loads(text)
    by_source: dict[str, int] = defaultdict(int)
    for s in doc["skills"]:
        by_source[s["source"]] += 1
    print(f"wrote {args.output} version {doc['version']}: {len(doc['skills'])} skills {dict(by_source)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
