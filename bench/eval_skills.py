"""Score skill extraction on SkillSpan dev at posting level, on canonical skill sets.

For each posting, gold = the canonical skills that our dictionary's exact alias lookup finds inside the gold
Skill/Knowledge spans (spans that map to no entry are out of scope and counted); predicted = the skills the
``jobintel_skills`` component finds in the full posting text. Micro precision/recall/F1 over (posting, skill)
pairs on the TECH split; false skills per posting on the HOUSE split (non-tech job ads); throughput of the
component against bare tokenization on synthetic 400-word postings.

    uv run python bench/eval_skills.py [--shared PATH] [--show-errors N]

Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import spacy

import jobintel.nlp.skills  # noqa: F401  (registers the factory)
from jobintel.nlp.pipeline import drop_whitespace_special_cases
from jobintel.nlp.skills import SkillTagger

REPO = Path(__file__).resolve().parents[1]
DEV = Path("eval-data/skillspan/skillspan_dev.json")


@dataclass
class Posting:
    source: str
    idx: int
    sentences: list[list[str]] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(tokens) for tokens in self.sentences)


def find_shared(explicit: str | None) -> Path | None:
    # an explicit path is the only one tried: "--shared /missing" must skip, not fall back
    options = [explicit] if explicit else [os.environ.get("JOBINTEL_SHARED"), str(REPO.parent / "shared")]
    for candidate in options:
        if candidate and (Path(candidate) / DEV).is_file():
            return Path(candidate)
    return None


def _spans(tokens: list[str], tags: list[str]) -> list[str]:
    out, cur = [], []
    for tok, tag in zip(tokens, tags, strict=True):
        if tag.startswith("B"):
            if cur:
                out.append(" ".join(cur))
            cur = [tok]
        elif tag.startswith("I") and cur:
            cur.append(tok)
        else:
            if cur:
                out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def load_postings(path: Path) -> list[Posting]:
    """Rows are sentences; a posting is a run of rows with the same (source, idx)."""
    postings: list[Posting] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not postings or (postings[-1].source, postings[-1].idx) != (row["source"], row["idx"]):
            postings.append(Posting(row["source"], row["idx"]))
        p = postings[-1]
        p.sentences.append(row["tokens"])
        p.spans += _spans(row["tokens"], row["tags_skill"]) + _spans(row["tokens"], row["tags_knowledge"])
    return postings


def exact_lookup(tagger: SkillTagger, nlp, text: str) -> set[str]:
    """Dictionary aliases inside a gold span, no context rules (the annotator already said it is a skill)."""
    doc = nlp.make_doc(text)
    return {c.skill_id for c in tagger._exact(doc)}


def synthetic_texts(postings: list[Posting], n: int, words: int = 400, seed: int = 7) -> list[str]:
    vocab = [tok for p in postings for sent in p.sentences for tok in sent]
    rng = random.Random(seed)
    return [" ".join(rng.choice(vocab) for _ in range(words)) for _ in range(n)]


def docs_per_second(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="shared data folder (default: $JOBINTEL_SHARED or ../shared)")
    parser.add_argument("--show-errors", type=int, default=0, help="print the N most frequent FP/FN skills")
    parser.add_argument("--no-fuzzy", action="store_true")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("SkillSpan data not found (pass --shared or set JOBINTEL_SHARED); skipping")
        return 0

    nlp = spacy.blank("en")
    drop_whitespace_special_cases(nlp)  # as in jobintel.nlp.pipeline.build_nlp
    tagger = nlp.add_pipe("jobintel_skills", config={"fuzzy": not args.no_fuzzy})
    postings = load_postings(shared / DEV)

    tp = fp = fn = 0
    in_scope = out_scope = 0
    fps: Counter[str] = Counter()
    fns: Counter[str] = Counter()
    house_false = house_pred = house_docs = 0
    house_fps: Counter[str] = Counter()
    texts = [p.text for p in postings]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    elapsed = time.perf_counter() - t0
    for p, doc in zip(postings, docs, strict=True):
        gold: set[str] = set()
        for span in p.spans:
            ids = exact_lookup(tagger, nlp, span)
            in_scope += bool(ids)
            out_scope += not ids
            gold |= ids
        pred = {s.label_ for s in doc.spans["skills"]}
        if p.source == "tech":
            tp += len(pred & gold)
            fp += len(pred - gold)
            fn += len(gold - pred)
            fps.update(pred - gold)
            fns.update(gold - pred)
        else:
            house_docs += 1
            house_pred += len(pred)
            house_false += len(pred - gold)
            house_fps.update(pred - gold)

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n_tech = sum(p.source == "tech" for p in postings)
    print(f"SkillSpan dev: {n_tech} tech postings, {house_docs} house postings")
    print(f"gold spans mapped to the dictionary: {in_scope}; out of scope (no dictionary entry): {out_scope}")
    print(f"TECH  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print(
        f"HOUSE false skills/posting {house_false / max(house_docs, 1):.2f} "
        f"(all predicted skills/posting {house_pred / max(house_docs, 1):.2f})"
    )
    print(f"pipeline on the dev postings: {len(docs) / elapsed:.0f} docs/s")

    synth = synthetic_texts(postings, 600)
    bare = spacy.blank("en")
    drop_whitespace_special_cases(bare)
    tok_rate = docs_per_second(bare, synth)
    full_rate = docs_per_second(nlp, synth)
    print(
        f"synthetic 400-word postings: tokenizer only {tok_rate:.0f} docs/s, "
        f"with jobintel_skills {full_rate:.0f} docs/s"
    )
    print(f"  -> skills component alone ~{1 / (1 / full_rate - 1 / tok_rate):.0f} docs/s")

    if args.show_errors:
        print("tech FP:", fps.most_common(args.show_errors))
        print("tech FN:", fns.most_common(args.show_errors))
        print("house FP:", house_fps.most_common(args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
