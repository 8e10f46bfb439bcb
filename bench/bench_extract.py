"""Benchmark: full extraction throughput on one core, and its ratio to bare spaCy tokenization.

Texts are the bundled sample postings, each cut or repeated to about ``--words`` words (default 400).
Target (issue 3): >= 300 postings/s for full extraction (skills with fuzzy matching, sections, salary,
seniority, remote, role, location) on one core.

    uv run python bench/bench_extract.py            # 2,000 postings of ~400 words
    uv run python bench/bench_extract.py --n 5000
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import time
from importlib import resources

os.environ.setdefault("OMP_NUM_THREADS", "1")


def sample_texts(words: int) -> list[tuple[str, str, list[str]]]:
    from jobintel.spiders.sanitize import html_to_text

    root = resources.files("jobintel.demo").joinpath("samples", "greenhouse")
    out = []
    for board in sorted(root.iterdir(), key=lambda p: p.name):
        data = json.loads(board.joinpath("jobs.json").read_text("utf-8"))
        for job in data["jobs"]:
            text = html_to_text(html.unescape(job.get("content") or ""))
            tokens = text.split(" ")
            while len(tokens) < words:
                tokens += tokens
            out.append((job["title"], " ".join(tokens[:words]), [job["location"]["name"]]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="postings to process")
    ap.add_argument("--words", type=int, default=400)
    args = ap.parse_args()

    import spacy

    from jobintel.nlp.pipeline import drop_whitespace_special_cases
    from jobintel.nlp.tagger import PostingInput, Tagger

    base = sample_texts(args.words)
    items = [base[i % len(base)] for i in range(args.n)]
    inputs = [
        PostingInput(id=i, title=t, text=x, locations=tuple(locs)) for i, (t, x, locs) in enumerate(items)
    ]
    n_words = sum(len(x.split()) for _, x, _ in items)

    t0 = time.perf_counter()
    tagger = Tagger.default()
    list(tagger.tag(inputs[:10]))  # build the dictionary and matchers once (cached afterwards)
    build_s = time.perf_counter() - t0

    blank = spacy.blank("en")
    t0 = time.perf_counter()
    for _ in blank.tokenizer.pipe((x for _, x, _ in items), batch_size=256):
        pass
    tok_s = time.perf_counter() - t0

    # The pipeline's own tokenizer: spaCy's, minus the whitespace special cases that disable its cache.
    fast = spacy.blank("en")
    drop_whitespace_special_cases(fast)
    t0 = time.perf_counter()
    for _ in fast.tokenizer.pipe((x for _, x, _ in items), batch_size=256):
        pass
    fast_tok_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_skills = sum(len(t.skills) for t in tagger.tag(inputs))
    full_s = time.perf_counter() - t0

    tagger_nofuzzy = Tagger(tagger.dictionary, tagger.taxonomy, fuzzy=False)
    t0 = time.perf_counter()
    for _ in tagger_nofuzzy.tag(inputs):
        pass
    nofuzzy_s = time.perf_counter() - t0

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"postings: {args.n:,}  (~{n_words / args.n:.0f} words each, {len(base)} distinct sample texts)")
    print(f"pipeline build (dictionary + matchers, once): {build_s:.2f} s")
    print(f"bare spaCy tokenization : {args.n / tok_s:8,.0f} postings/s   (spacy.blank('en') as shipped)")
    print(
        f"  our tokenizer setup   : {args.n / fast_tok_s:8,.0f} postings/s   (whitespace special cases off)"
    )
    print(
        f"full extraction         : {args.n / full_s:8,.0f} postings/s"
        f"   ({n_skills / args.n:.1f} skills/posting)"
    )
    print(f"  without fuzzy matching: {args.n / nofuzzy_s:8,.0f} postings/s")
    print(
        f"full extraction costs {full_s / tok_s:.1f}x bare spaCy tokenization "
        f"and {full_s / fast_tok_s:.1f}x our tokenizer alone"
    )
    print(f"peak RSS: {rss:,.0f} MiB")


if __name__ == "__main__":
    main()
