"""Score skill extraction on a SkillSpan split (dev by default) at posting level, on canonical skill sets.

For each posting, gold = the canonical skills that our dictionary's exact alias lookup finds inside the gold
Skill/Knowledge spans (spans that map to no entry are out of scope and counted); predicted = the skills the
``jobintel_skills`` component finds in the full posting text. Micro precision/recall/F1 over (posting, skill)
pairs on the TECH split; false skills per posting on the HOUSE split (non-tech job ads); throughput of the
component against bare tokenization on synthetic 400-word postings.

    uv run python bench/eval_skills.py [--split dev|train] [--shared PATH] [--show-errors N] [--dump FILE]

``--dump`` writes every false positive and false negative with its sentence, for reading errors in bulk.

Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from eval_data import find_eval_data

import jobintel.nlp.skills  # noqa: F401  (registers the factory)
from jobintel.nlp.ambiguity import _loose_form
from jobintel.nlp.pipeline import drop_whitespace_special_cases
from jobintel.nlp.skills import SkillTagger

SPLITS = {"dev": "skillspan_dev.json", "train": "skillspan_train.json"}


@dataclass
class Posting:
    source: str
    idx: int
    sentences: list[list[str]] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(tokens) for tokens in self.sentences)


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
    """Dictionary aliases inside a gold span, no context rules (the annotator already said it is a skill).

    A lowercase spelling of a case-sensitive name counts only as the whole span: "go" as a tag, not the
    verb inside "go the extra mile".
    """
    doc = nlp.make_doc(text)
    words = [t.text for t in doc]
    return {
        c.skill_id
        for c in tagger._exact(doc, words)
        if not _loose_form(c, words) or (c.start, c.end) == (0, len(words))
    }


def synthetic_texts(postings: list[Posting], n: int, words: int = 400, seed: int = 7) -> list[str]:
    vocab = [tok for p in postings for sent in p.sentences for tok in sent]
    rng = random.Random(seed)
    return [" ".join(rng.choice(vocab) for _ in range(words)) for _ in range(n)]


def docs_per_second(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def _context(doc, start: int, end: int, width: int = 12) -> str:
    lo, hi = max(0, start - width), min(len(doc), end + width)
    return f"{doc[lo:start].text} [[{doc[start:end].text}]] {doc[end:hi].text}".replace("\n", " / ")


def named_technologies(tagger: SkillTagger, spans) -> set[str]:
    """Skills among ``spans`` that were matched exactly as the name of a technology (not a practice or field).

    SkillSpan annotates what a job asks of the candidate, so a stack described in "about us" or a tag line
    ("Technologies: python django") is often left out; such predictions are counted apart as likely annotator
    omissions. Concepts, practices and fuzzy guesses never are: those errors are ours.
    """
    named = {"language", "framework", "platform", "database", "tool"}
    return {
        s.label_
        for s in spans
        if s._.skill_match == "exact" and tagger.dictionary.get(s.label_).category in named
    }


def dump_errors(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """One error a line: kind (FP/FN/HOUSE), skill id, posting, context; sorted, so classes group."""
    lines = ["\t".join(r) for r in sorted(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="shared data folder (default: $JOBINTEL_SHARED or ../shared)")
    parser.add_argument("--split", choices=sorted(SPLITS), default="dev", help="SkillSpan split (dev)")
    parser.add_argument("--show-errors", type=int, default=0, help="print the N most frequent FP/FN skills")
    parser.add_argument("--dump", type=Path, help="write every FP/FN mention with its context to this file")
    parser.add_argument("--no-fuzzy", action="store_true")
    parser.add_argument("--no-speed", action="store_true", help="skip the synthetic throughput run")
    args = parser.parse_args(argv)
    data = find_eval_data("skillspan", args.shared)
    if data is None or not (data / SPLITS[args.split]).is_file():
        print("SkillSpan data not found (pass --shared or set JOBINTEL_SHARED); skipping")
        return 0

    nlp = spacy.blank("en")
    drop_whitespace_special_cases(nlp)  # as in jobintel.nlp.pipeline.build_nlp
    tagger = nlp.add_pipe("jobintel_skills", config={"fuzzy": not args.no_fuzzy})
    postings = load_postings(data / SPLITS[args.split])

    tp = fp = fn = 0
    in_scope = out_scope = 0
    omitted = house_omitted = 0
    fps: Counter[str] = Counter()
    fns: Counter[str] = Counter()
    house_false = house_pred = house_docs = 0
    house_fps: Counter[str] = Counter()
    errors: list[tuple[str, str, str, str]] = []
    texts = [p.text for p in postings]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    elapsed = time.perf_counter() - t0
    for p, doc in zip(postings, docs, strict=True):
        gold: set[str] = set()
        gold_spans: dict[str, list[str]] = {}
        for span in p.spans:
            ids = exact_lookup(tagger, nlp, span)
            in_scope += bool(ids)
            out_scope += not ids
            gold |= ids
            for sid in ids:
                gold_spans.setdefault(sid, []).append(span)
        pred = {s.label_ for s in doc.spans["skills"]}
        where = f"{p.source}:{p.idx}"
        wrong = [s for s in doc.spans["skills"] if s.label_ not in gold]
        named = named_technologies(tagger, wrong)
        if p.source == "tech":
            tp += len(pred & gold)
            fp += len(pred - gold)
            omitted += len(named)
            fn += len(gold - pred)
            fps.update(pred - gold)
            fns.update(gold - pred)
            errors += [("FN", sid, where, " | ".join(gold_spans[sid])) for sid in gold - pred]
        else:
            house_docs += 1
            house_pred += len(pred)
            house_false += len(pred - gold)
            house_omitted += len(named)
            house_fps.update(pred - gold)
        kind = "FP" if p.source == "tech" else "HOUSE"
        errors += [
            (kind, s.label_, where, f"{s._.skill_match}: {_context(doc, s.start, s.end)}") for s in wrong
        ]

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n_tech = sum(p.source == "tech" for p in postings)
    print(f"SkillSpan {args.split}: {n_tech} tech postings, {house_docs} house postings")
    print(f"gold spans mapped to the dictionary: {in_scope}; out of scope (no dictionary entry): {out_scope}")
    print(f"TECH  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    own = fp - omitted
    adjusted = tp / (tp + own) if tp + own else 0.0
    print(
        f"      of the fp, {omitted} are technologies named exactly (likely annotator omissions), "
        f"{own} concepts/practices/fuzzy; precision without the omissions {adjusted:.3f}"
    )
    print(
        f"HOUSE false skills/posting {house_false / max(house_docs, 1):.2f} "
        f"(all predicted skills/posting {house_pred / max(house_docs, 1):.2f}; "
        f"{house_omitted / max(house_docs, 1):.2f} of the false ones are technologies named exactly)"
    )
    print(f"pipeline on the {args.split} postings: {len(docs) / elapsed:.0f} docs/s")
    if args.dump:
        dump_errors(args.dump, errors)
        print(f"wrote {len(errors)} error mentions to {args.dump}")

    if not args.no_speed:
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
