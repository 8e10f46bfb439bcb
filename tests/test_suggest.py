"""Dictionary suggestions from requirements sections (pure: no store, no spaCy pipeline)."""

from __future__ import annotations

from jobintel.nlp.suggest import render_yaml, suggest_terms

ML = "AI/ML Engineer"


def _post(body: str, role: str | None = ML) -> tuple[str, str | None]:
    return (
        f"About us\nWe are Globex, a Marimo shop.\n\nRequirements\n{body}\n\nBenefits\n- Unlimited PTO\n",
        role,
    )


def test_counts_postings_roles_and_examples():
    posts = [
        _post("- Experience with Marimo and Python\n- Marimo again"),
        _post("- You know Marimo.", "Data Scientist"),
        _post("- Skypilot or SkyPilot for jobs"),
        _post("- SkyPilot"),
    ]
    found = {s.term: s for s in suggest_terms(posts)}
    assert set(found) == {"Marimo", "SkyPilot"}  # "Globex" is only in About us, "PTO" in Benefits
    m = found["Marimo"]
    # once per posting; the third posting names Marimo only in "About us"
    assert m.count == 2 and dict(m.roles) == {ML: 1, "Data Scientist": 1}
    assert m.examples[0] == "- Experience with Marimo and Python"
    assert found["SkyPilot"].count == 2  # the commonest written form names it


def test_known_aliases_common_words_and_sentence_starts_are_skipped():
    posts = [
        _post("- Python, PyTorch and Kubernetes.\n- Strong Communication skills. Excellent judgment")
    ] * 3
    assert suggest_terms(posts) == []


def test_near_duplicates_are_flagged_and_yaml_adds_aliases():
    posts = [_post("- Pytorch-Lightning and Marimo")] * 2
    found = {s.term: s for s in suggest_terms(posts)}
    assert found["Pytorch-Lightning"].near == ("pytorch", "pytorch lightning", 100.0)
    assert found["Marimo"].near is None
    yaml_text = render_yaml(list(found.values()))
    assert (
        "  - id: pytorch  # near 'pytorch lightning' (100)\n    aliases: [\"Pytorch-Lightning\"]" in yaml_text
    )
    assert '  - id: marimo\n    name: "Marimo"\n    category: tool  # review' in yaml_text


def test_min_count_and_limit():
    posts = [_post("- Marimo"), _post("- Marimo"), _post("- Skypilot")]
    assert [s.term for s in suggest_terms(posts, min_count=2)] == ["Marimo"]
    assert [s.term for s in suggest_terms(posts, min_count=1, limit=1)] == ["Marimo"]
