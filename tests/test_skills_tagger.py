"""The ``jobintel_skills`` component: traps, real sentences, fuzzy matching, spans and mentions."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from jobintel.nlp.ambiguity import Candidate, accept_candidates, load_ambiguity_rules
from jobintel.nlp.skills import SkillTagger, skill_mentions


def skills(nlp, text: str) -> set[str]:
    doc = nlp(text)  # keep the Doc alive: a SpanGroup dies with it
    return {s.label_ for s in doc.spans["skills"]}


# ------------------------------------------------------------------ traps: nothing, or not this skill
TRAPS = [
    # the seed page's bugs: substring and everyday-word matches
    pytest.param("We need someone we can trust with robust systems.", "rust", id="trust-robust"),
    pytest.param("You react to changes quickly and calmly.", "react", id="react-to-changes"),
    pytest.param("React to customer feedback within a day.", "react", id="React-sentence-start"),
    pytest.param("Leverage our storage solutions.", "rag", id="leverage-storage"),
    pytest.param("Knowledge of employment laws.", "aws", id="laws"),
    pytest.param("Own our go-to-market strategy.", "go", id="go-to-market"),
    pytest.param("Go-to-market lead, we go fast.", "go", id="Go-to-market"),
    pytest.param("Report to the C-level team.", "c", id="C-level"),
    pytest.param("We just closed our Series C round.", "c", id="Series-C"),
    pytest.param("A Series C company hiring Python engineers.", "c", id="Series-C-with-tech-nearby"),
    pytest.param("Lead our R&D group.", "r", id="R&D"),
    pytest.param("Budget for R & D projects.", "r", id="R-&-D"),
    pytest.param("You excel at communication.", "excel", id="excel-at"),
    pytest.param("Excel at stakeholder management.", "excel", id="Excel-at"),
    pytest.param("Internship starting spring 2025.", "spring", id="spring-2025"),
    pytest.param("Spring 2025 internship: Python and SQL.", "spring", id="Spring-2025-with-tech"),
    pytest.param("Our head chef at the downtown restaurant.", "chef", id="chef-at"),
    pytest.param("Please express interest by email.", "express", id="express-interest"),
    pytest.param("Express interest in the role.", "express", id="Express-interest"),
    pytest.param("She was a ray of sunshine.", "ray", id="ray-of"),
    pytest.param("Remote monitoring of patients.", None, id="remote-monitoring"),
    pytest.param("A dynamic and agile team.", "agile", id="agile-adjective"),
    pytest.param("Senior Java developer (m/f/d)", "d-lang", id="m/f/d"),
    pytest.param("Let us go beyond the basics.", "go", id="go-beyond"),
    pytest.param("Swift decision making is key.", "swift", id="Swift-adjective"),
    pytest.param("Spark joy in our customers.", "spark", id="Spark-joy"),
    pytest.param("The storm passed and the hive was safe.", None, id="storm-hive"),
    pytest.param("Vitamin C and vitamin D supplements.", None, id="vitamins"),
]


@pytest.mark.parametrize(("text", "skill"), TRAPS)
def test_traps(nlp, text, skill):
    found = skills(nlp, text)
    if skill is None:
        assert found == set()
    else:
        assert skill not in found, found


# ------------------------------------------------------------------ real sentences: exact expected skills
POSITIVES = [
    # development examples from the issue
    ("React, TypeScript and Node.js", {"react", "typescript", "nodejs"}),
    ("Experience with React 18", {"react"}),
    ("Go and Rust services", {"go", "rust"}),
    ("experience with R or Python", {"r", "python"}),
    ("AWS (S3, Lambda)", {"aws", "aws-s3", "aws-lambda"}),
    ("Weights & Biases or W&B for experiment tracking", {"wandb", "experiment-tracking"}),
    ("Build apps on top of LLMs", {"llm"}),
    ("retrieval-augmented generation pipelines", {"rag"}),
    ("fine-tuning and finetuning", {"fine-tuning"}),
    ("k8s clusters", {"kubernetes"}),
    ("Postgres", {"postgresql"}),
    ("GCP or Google Cloud", {"gcp"}),
    # SkillSpan-style job-ad lines
    ("Deep hands-on Java (plus Spring framework) and/or C#/.NET.", {"java", "spring", "csharp", "dotnet"}),
    ("Typescript React/Redux for our web technologies.", {"typescript", "react", "redux"}),
    (
        "Oracle Postgres Cassandra Hadoop and Spark for distributed data storage",
        {"postgresql", "cassandra", "hadoop", "spark"},
    ),
    ("Spring Boot microservices on Kubernetes", {"spring-boot", "microservices", "kubernetes"}),
    ("Apache Spark and Apache Airflow", {"spark", "airflow"}),
    ("C, C++ and Objective-C", {"c", "cpp", "objective-c"}),
    ("React.js/Vue.js and Python3", {"react", "vue", "python"}),
    ("We use Kafka and Flask at scale.", {"kafka", "flask"}),
    ("Advanced Excel and SQL skills", {"excel", "sql"}),
    ("Chef or Puppet for configuration management", {"chef", "puppet"}),
    ("Serve models with vLLM, Triton and TorchServe", {"vllm", "triton-server", "torchserve"}),
    (
        "Vector databases such as Pinecone, Weaviate, Milvus, Qdrant, pgvector or Chroma",
        {"vector-database", "pinecone", "weaviate", "milvus", "qdrant", "pgvector", "chroma"},
    ),
    ("LoRA and quantization for LLM inference", {"lora", "quantization", "model-inference"}),
    ("Amazon SageMaker, Vertex AI or Bedrock", {"sagemaker", "vertex-ai", "bedrock"}),
    ("Write Go code for our backend", {"go"}),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_positives(nlp, text, expected):
    assert skills(nlp, text) == expected


KNOWN_MISSES = [
    # an everyday-word product opening a sentence with no cue nearby: precision first
    pytest.param(
        "Spark is central to what we build.", {"spark"}, marks=pytest.mark.xfail(strict=True), id="lone-Spark"
    ),
]


@pytest.mark.parametrize(("text", "expected"), KNOWN_MISSES)
def test_known_misses(nlp, text, expected):
    assert skills(nlp, text) == expected


# ------------------------------------------------------------------ fuzzy matching
@pytest.mark.parametrize(
    ("text", "skill_id", "match"),
    [
        ("Kubernets", "kubernetes", "fuzzy"),
        ("Pytorh", "pytorch", "fuzzy"),
        ("Tensorflw", "tensorflow", "fuzzy"),
        ("Tensor Flow", "tensorflow", "exact"),  # a listed spacing variant
        ("scikit learn", "scikit-learn", "exact"),
        ("Py Torch", "pytorch", "exact"),
        ("Py-Torch", "pytorch", "exact"),  # a multi-word alias also matches hyphen-joined
        ("Data bricks", "databricks", "exact"),
        ("Post gres", "postgresql", "fuzzy"),  # bigram joined without the space
        ("Elastic Serch", "elasticsearch", "fuzzy"),
    ],
)
def test_fuzzy_and_spacing_variants(nlp, text, skill_id, match):
    doc = nlp(f"Experience with {text} is required")
    spans = list(doc.spans["skills"])
    assert [(s.label_, s._.skill_match) for s in spans] == [(skill_id, match)]
    assert spans[0]._.skill_score >= (100.0 if match == "exact" else 90.0)


@pytest.mark.parametrize(
    "text", ["Reacts quickly", "Sparks fly", "Ruby's", "Julian", "Rusty", "Golang-ish Kubectx"]
)
def test_fuzzy_never_guesses_ambiguous_or_everyday_words(nlp, text):
    doc = nlp(text)
    assert all(s._.skill_match == "exact" for s in doc.spans["skills"])
    assert skills(nlp, text) <= {"go"}


def test_fuzzy_can_be_switched_off():
    nlp = spacy.blank("en")
    nlp.add_pipe("jobintel_skills", config={"fuzzy": False})
    assert skills(nlp, "Kubernets and Docker") == {"docker"}


# ------------------------------------------------------------------ spans, extensions and mentions
def test_longest_match_wins(nlp):
    doc = nlp("Spring Boot and Apache Spark and Objective-C")
    assert [(s.text, s.label_) for s in doc.spans["skills"]] == [
        ("Spring Boot", "spring-boot"),
        ("Apache Spark", "spark"),
        ("Objective-C", "objective-c"),
    ]


def test_skill_mentions_have_character_offsets(nlp):
    text = "Strong Python; Kubernets a plus."
    mentions = skill_mentions(nlp(text))
    assert [(m.skill_id, m.name, m.category, m.match) for m in mentions] == [
        ("python", "Python", "language", "exact"),
        ("kubernetes", "Kubernetes", "platform", "fuzzy"),
    ]
    assert [text[m.start : m.end] for m in mentions] == ["Python", "Kubernets"]
    assert mentions[0].score == 100.0 and 90.0 <= mentions[1].score < 100.0


def test_extensions_register_twice_and_pipe_works(nlp):
    SkillTagger(nlp)  # a second instance re-registers the extensions without error
    assert Span.has_extension("skill_id") and Span.has_extension("skill_score")
    docs = list(nlp.pipe(["Docker", "", "nothing here", "Terraform and Pulumi"]))
    assert [sorted(s.label_ for s in d.spans["skills"]) for d in docs] == [
        ["docker"],
        [],
        [],
        ["pulumi", "terraform"],
    ]


def test_accept_candidates_is_pure():
    rules = load_ambiguity_rules()
    tokens = ["Go", "and", "Rust", "services"]
    cands = [
        Candidate(0, 1, "go", "language", rules.rule_for("Go")),
        Candidate(2, 3, "rust", "language", rules.rule_for("Rust")),
    ]
    assert accept_candidates(cands, tokens, rules) == [True, True]
    assert accept_candidates(cands[:1], ["Go", "-", "to", "-", "market"], rules) == [False]
