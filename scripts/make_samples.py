"""Generate the bundled SAMPLE job boards that ``jobintel demo`` crawls.

Everything here is fictional: 19 invented companies, about 330 postings, spread over the Greenhouse,
Lever and Ashby public APIs and four schema.org JSON-LD career sites. Payload shapes follow
``job-sources.md`` sections 1, 2, 3, 14 and 15, including the traps a parser must survive
(entity-escaped Greenhouse HTML, Lever epoch milliseconds, Ashby equity-before-salary, CDATA
guards, ``@graph`` references). Output is deterministic: one seeded ``random.Random(7)`` and a
fixed anchor date, so a rebuild is byte-identical and ``tests/test_demo_server.py`` checks that.

    uv run python scripts/make_samples.py            # rewrites jobintel/demo/samples/
    uv run python scripts/make_samples.py /tmp/out   # writes somewhere else
"""

from __future__ import annotations

import html
import json
import random
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ANCHOR = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
WINDOW_DAYS = 112  # 16 weeks of history so weekly trends have data
SEED = 7
BASE_URL_PLACEHOLDER = "http://samples.jobintel.invalid"  # the server swaps in its real base URL
SAMPLE_LINE = "Sample posting generated for the jobintel demo."
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "jobintel" / "demo" / "samples"

# key: (label, alternative labels, city, region, region name, ISO country, country name, currency, pay factor)
LOCATIONS: dict[str, tuple] = {
    "sf": (
        "San Francisco, CA",
        ["SF Bay Area", "San Francisco, California"],
        "San Francisco",
        "CA",
        "California",
        "US",
        "United States",
        "USD",
        1.0,
    ),
    "nyc": (
        "New York, NY",
        ["New York City", "NYC"],
        "New York",
        "NY",
        "New York",
        "US",
        "United States",
        "USD",
        1.0,
    ),
    "sea": (
        "Seattle, WA",
        ["Seattle, Washington"],
        "Seattle",
        "WA",
        "Washington",
        "US",
        "United States",
        "USD",
        0.96,
    ),
    "bos": (
        "Boston, MA",
        ["Cambridge, MA"],
        "Boston",
        "MA",
        "Massachusetts",
        "US",
        "United States",
        "USD",
        0.94,
    ),
    "la": (
        "Los Angeles, CA",
        ["Santa Monica, CA"],
        "Los Angeles",
        "CA",
        "California",
        "US",
        "United States",
        "USD",
        0.93,
    ),
    "aus": ("Austin, TX", ["Austin, Texas"], "Austin", "TX", "Texas", "US", "United States", "USD", 0.88),
    "chi": (
        "Chicago, IL",
        ["Chicago, Illinois"],
        "Chicago",
        "IL",
        "Illinois",
        "US",
        "United States",
        "USD",
        0.87,
    ),
    "den": ("Denver, CO", ["Boulder, CO"], "Denver", "CO", "Colorado", "US", "United States", "USD", 0.87),
    "lon": (
        "London, UK",
        ["London, United Kingdom", "London, England"],
        "London",
        "England",
        "England",
        "GB",
        "United Kingdom",
        "GBP",
        0.5,
    ),
    "ber": ("Berlin, Germany", ["Berlin, DE"], "Berlin", "BE", "Berlin", "DE", "Germany", "EUR", 0.45),
    "tor": ("Toronto, ON", ["Toronto, Canada"], "Toronto", "ON", "Ontario", "CA", "Canada", "CAD", 0.85),
    "blr": (
        "Bengaluru, India",
        ["Bangalore, India"],
        "Bengaluru",
        "KA",
        "Karnataka",
        "IN",
        "India",
        "INR",
        20.0,
    ),
    "rem_us": (
        "Remote - US",
        ["Remote (US)", "United States (Remote)"],
        None,
        None,
        None,
        "US",
        "United States",
        "USD",
        0.9,
    ),
    "rem_emea": ("Remote (EMEA)", ["Remote - Europe"], None, None, None, "GB", "United Kingdom", "EUR", 0.45),
    "rem_ca": ("Remote - Canada", ["Canada (Remote)"], None, None, None, "CA", "Canada", "CAD", 0.8),
}
REMOTE_REGION = {
    "rem_us": "the United States",
    "rem_emea": "Europe, the Middle East and Africa",
    "rem_ca": "Canada",
}
REMOTE_FOR_COUNTRY = {"US": "rem_us", "GB": "rem_emea", "DE": "rem_emea", "CA": "rem_ca", "IN": "rem_us"}


@dataclass
class Company:
    key: str
    name: str
    source: str  # greenhouse | lever | ashby | jsonld
    n_jobs: int
    offices: list[str]
    domain: str
    about: list[str]
    heading: str  # how section headings are marked up: h2 | h3 | strong | b
    extra: dict = field(default_factory=dict)


COMPANIES = [
    Company(
        "northwindai",
        "Northwind AI",
        "greenhouse",
        30,
        ["sf", "nyc", "sea"],
        "northwind-ai.example",
        [
            "Northwind AI builds an LLM platform that lets enterprises search and reason over their own "
            "documents.",
            "Backed by a $120M Series C, we serve more than 400 customers, from regional banks "
            "to hospital networks.",
            "Our go-to-market team and our research team sit side by side.",
        ],
        "h2",
        {"metadata": "full"},
    ),
    Company(
        "lumenlabs",
        "Lumen Labs",
        "greenhouse",
        26,
        ["nyc", "bos", "tor"],
        "lumenlabs.example",
        [
            "Lumen Labs makes computer vision software for retail stores: shelf analytics, checkout-free "
            "lanes and loss prevention.",
            "We process 30 million images a day for 60 retail chains.",
            "Our storage bill is large and our models are small, on purpose.",
        ],
        "h3",
        {"metadata": "null"},
    ),
    Company(
        "quillfeather",
        "Quillfeather Robotics",
        "greenhouse",
        18,
        ["bos", "aus"],
        "quillfeather.example",
        [
            "Quillfeather Robotics designs autonomous mobile robots for warehouses.",
            "Our fleet software "
            "handles remote monitoring of devices across 120 customer sites, so an operator in Boston can "
            "see a robot stalled in Reno.",
            "We are a team of 210 people, mostly engineers.",
        ],
        "strong",
        {"metadata": "mixed"},
    ),
    Company(
        "cobaltline",
        "Cobaltline Health",
        "greenhouse",
        20,
        ["chi", "nyc"],
        "cobaltline.example",
        [
            "Cobaltline Health builds clinical AI that reads discharge notes and flags patients at risk "
            "of readmission.",
            "We work with 35 health systems and take privacy seriously: every model "
            "passes a clinical safety review.",
            "We are growing fast and hiring across every team.",
        ],
        "h2",
        {"metadata": "full"},
    ),
    Company(
        "tessellate",
        "Tessellate Data",
        "greenhouse",
        24,
        ["sea", "den", "sf"],
        "tessellate.example",
        [
            "Tessellate Data runs a managed lakehouse for machine learning teams.",
            "We are a remote-first "
            "company with hubs in Seattle and Denver, and most of us work from wherever we do our best "
            "work.",
            "Customers run 2 million Spark and SQL queries a day on Tessellate.",
        ],
        "h3",
        {"metadata": "null"},
    ),
    Company(
        "harborml",
        "Harbor Analytics",
        "greenhouse",
        22,
        ["nyc", "lon"],
        "harbor-analytics.example",
        [
            "Harbor Analytics builds credit-risk and fraud models for lenders in the US and the UK.",
            "Our models decide on 9 million loan applications a year, so we care about fairness, "
            "explainability and audit trails.",
            "We are profitable and employee-owned.",
        ],
        "b",
        {"metadata": "full", "gdpr": True},
    ),
    Company(
        "brightforge",
        "Brightforge Systems",
        "greenhouse",
        16,
        ["aus", "sf"],
        "brightforge.example",
        [
            "Brightforge Systems builds compilers and runtimes that make LLM inference cheap on "
            "commodity GPUs.",
            "Our customers cut serving costs by 40% on average.",
            "Engineers here excel at going deep: kernels, schedulers, memory layouts.",
        ],
        "h2",
        {"metadata": "mixed"},
    ),
    Company(
        "orchardvision",
        "Orchard Vision",
        "lever",
        20,
        ["den", "sf"],
        "orchardvision.example",
        [
            "Orchard Vision puts cameras and models on tractors to spot disease before it spreads.",
            "We cover 3 million acres across 14 states.",
            "Our spring 2026 offsite was on a working farm, and yes, we drove the tractors.",
        ],
        "strong",
    ),
    Company(
        "kestreldynamics",
        "Kestrel Dynamics",
        "lever",
        18,
        ["la", "sea"],
        "kestreldynamics.example",
        [
            "Kestrel Dynamics builds autonomy software for inspection drones.",
            "Our drones inspect bridges, wind turbines and power lines for 40 utilities.",
            "We react to changes in weather and airspace rules faster than anyone in the industry.",
        ],
        "h3",
    ),
    Company(
        "saltmarsh",
        "Saltmarsh Finance",
        "lever",
        20,
        ["lon", "ber"],
        "saltmarsh.example",
        [
            "Saltmarsh Finance is a European fintech that uses machine learning to automate "
            "bookkeeping for small businesses.",
            "We serve 80,000 businesses in the UK, Germany and the Netherlands.",
            "We leverage LLMs to read invoices so accountants do not have to.",
        ],
        "b",
    ),
    Company(
        "pinecrestbio",
        "Pinecrest Bio",
        "lever",
        14,
        ["bos", "tor"],
        "pinecrestbio.example",
        [
            "Pinecrest Bio designs proteins with machine learning.",
            "Our wet lab in Boston tests 10,000 "
            "designs a week and feeds the results straight back into training.",
            "We are a Series B company of 90 scientists and engineers.",
        ],
        "h2",
    ),
    Company(
        "halcyon",
        "Halcyon Compute",
        "ashby",
        24,
        ["sf", "sea", "nyc"],
        "halcyoncompute.example",
        [
            "Halcyon Compute is a GPU cloud built for training and serving large models.",
            "We run 25,000 "
            "GPUs across four regions and our customers range from two-person startups to AI labs.",
            "Uptime is our product.",
        ],
        "h3",
    ),
    Company(
        "driftwood",
        "Driftwood Labs",
        "ashby",
        22,
        ["nyc", "sf"],
        "driftwoodlabs.example",
        [
            "Driftwood Labs builds AI agents that resolve customer support tickets end to end.",
            "Our trust and safety work is part of the product, not an afterthought.",
            "We raised our Series A in 2026 and have tripled revenue since.",
        ],
        "h2",
    ),
    Company(
        "meridianspeech",
        "Meridian Speech",
        "ashby",
        18,
        ["tor", "blr", "lon"],
        "meridianspeech.example",
        [
            "Meridian Speech builds speech recognition and voice agents for 40 languages.",
            "Call centres in 22 countries run on our models.",
            "We have offices in Toronto, Bengaluru and London.",
        ],
        "strong",
    ),
    Company(
        "copperleaf",
        "Copperleaf Security",
        "ashby",
        14,
        ["aus", "ber"],
        "copperleaf.example",
        [
            "Copperleaf Security detects attacks on AI applications: prompt injection, data exfiltration "
            "and model abuse.",
            "We protect 300 companies that ship LLM features.",
            "Our research team publishes everything it can.",
        ],
        "b",
    ),
    Company(
        "bluebell",
        "Bluebell Logistics",
        "jsonld",
        8,
        ["chi", "rem_us"],
        "bluebell-logistics.example",
        [
            "Bluebell Logistics plans routes for 9,000 delivery trucks a day.",
            "Our forecasting and routing models save customers 12% on fuel.",
        ],
        "h2",
        {"variant": "graph"},
    ),
    Company(
        "granite",
        "Granite Retail Group",
        "jsonld",
        7,
        ["sea", "la"],
        "graniteretail.example",
        [
            "Granite Retail Group runs 240 home-improvement stores on the West Coast.",
            "Our data and AI team personalizes offers and forecasts demand for 80,000 products.",
        ],
        "h3",
        {"variant": "cdata"},
    ),
    Company(
        "solstice",
        "Solstice Energy",
        "jsonld",
        6,
        ["den", "ber"],
        "solstice-energy.example",
        [
            "Solstice Energy operates solar and battery sites in the US and Germany.",
            "Our models predict output and schedule batteries across 90 sites.",
        ],
        "strong",
        {"variant": "plain"},
    ),
    Company(
        "tidewater",
        "Tidewater Media",
        "jsonld",
        6,
        ["la", "nyc", "lon"],
        "tidewatermedia.example",
        [
            "Tidewater Media streams documentaries to 30 million subscribers.",
            "Recommendations drive 70% of what people watch on Tidewater.",
        ],
        "h2",
        {"variant": "listing"},
    ),
]

# --- roles -------------------------------------------------------------------------------------------
FAMILY_COUNTS = {"ai": 196, "mlops": 44, "other": 93}  # ~4.5 AI/ML roles per MLOps role
AI_TITLES = [
    "Machine Learning Engineer",
    "AI Engineer",
    "Applied ML Engineer",
    "LLM Engineer",
    "Applied Scientist",
    "ML Engineer",
    "NLP Engineer",
    "Computer Vision Engineer",
    "Generative AI Engineer",
    "Machine Learning Engineer",
]
AI_SUFFIXES = {
    "default": [
        "",
        "",
        "",
        ", Inference",
        " - Search & Ranking",
        " (LLM)",
        ", Recommendations",
        ", Personalization",
        " - Agents",
        ", Evaluation",
    ],
    "LLM Engineer": ["", "", ", Inference", " - Agents", ", Evaluation", ", Post-Training"],
    "Computer Vision Engineer": ["", "", ", Perception", " - 3D Reconstruction"],
    "NLP Engineer": ["", "", ", Search", " - Document Understanding"],
}
MLOPS_TITLES = [
    "MLOps Engineer",
    "ML Platform Engineer",
    "ML Infrastructure Engineer",
    "Machine Learning Platform Engineer",
    "MLOps Engineer",
]
OTHER_TITLES = {
    "ds": "Data Scientist",
    "de": "Data Engineer",
    "swe": "Software Engineer",
    "sre": "Site Reliability Engineer",
    "devops": "DevOps Engineer",
    "platform": "Platform Engineer",
    "pm": "Product Manager",
    "ae": "Account Executive",
}
OTHER_WEIGHTS = {"ds": 18, "de": 16, "swe": 22, "sre": 7, "devops": 6, "platform": 6, "pm": 9, "ae": 8}
MANAGER_AREAS = {
    "ai": ["Machine Learning", "Applied AI", "AI Engineering"],
    "mlops": ["ML Platform", "MLOps", "ML Infrastructure"],
    "ds": ["Data Science"],
    "de": ["Data Engineering"],
    "swe": ["Engineering"],
    "sre": ["Reliability Engineering"],
    "devops": ["Infrastructure"],
    "platform": ["Platform Engineering"],
    "pm": ["Product"],
    "ae": ["Sales"],
}
SENIORITY_WEIGHTS = {
    "intern": 4,
    "junior": 10,
    "mid": 32,
    "senior": 30,
    "staff": 9,
    "principal": 5,
    "manager": 10,
}
YEARS = {
    "intern": None,
    "junior": "1+ years",
    "mid": "3+ years",
    "senior": "5+ years",
    "staff": "8+ years",
    "principal": "10+ years",
    "manager": "7+ years",
}
BASE_PAY = {
    "intern": (45, 62),
    "junior": (130, 165),
    "mid": (160, 210),
    "senior": (195, 260),
    "staff": (240, 320),
    "principal": (280, 380),
    "manager": (230, 320),
}  # $K at SF, hourly for interns
FAMILY_PAY = {
    "ai": 1.0,
    "mlops": 1.06,
    "ds": 0.9,
    "de": 0.88,
    "swe": 0.95,
    "sre": 0.9,
    "devops": 0.86,
    "platform": 0.9,
    "pm": 0.95,
    "ae": 0.6,
}

# Skill slots filled into the bullet templates below.
SLOTS = {
    "cloud": ["AWS", "GCP", "Azure", "AWS or GCP", "AWS, GCP or Azure"],
    "dl": ["PyTorch", "PyTorch", "PyTorch or JAX", "TensorFlow", "PyTorch and TensorFlow"],
    "vdb": [
        "a vector database such as Pinecone or pgvector",
        "vector databases (Weaviate, FAISS)",
        "pgvector",
        "Qdrant or Milvus",
    ],
    "rag": ["LangChain", "LlamaIndex", "LangChain or LlamaIndex", "our own retrieval stack"],
    "serve": ["vLLM", "Triton Inference Server", "TorchServe", "vLLM or TensorRT-LLM", "KServe"],
    "data": ["Spark", "SQL and dbt", "Spark and Airflow", "BigQuery", "Snowflake"],
    "area": [
        "search",
        "recommendations",
        "document understanding",
        "fraud detection",
        "forecasting",
        "support automation",
        "personalization",
    ],
}
TEMPLATES = {
    "ai": {
        "do": [
            "Design, train and ship models that power {area} for millions of users.",
            "Build retrieval-augmented generation (RAG) pipelines with {rag} and {vdb}.",
            "Fine-tune open-weight LLMs with LoRA and evaluate them against production baselines.",
            "Own offline and online evaluation for our {area} models.",
            "Prototype with the OpenAI API, then decide what we should train ourselves.",
            "Cut inference latency with quantization, batching and {serve}.",
            "Turn research ideas into features with product and design.",
            "Write production Python services that run on {cloud}.",
            "Build robust evaluation pipelines that catch regressions before launch.",
            "Partner with the Trust and Safety team to reduce harmful model outputs.",
            "Design ranking systems that react to changes in user behaviour within minutes.",
            "Improve prompt engineering and tool use for our agents.",
        ],
        "need": [
            "{years} of experience building machine learning systems in production.",
            "Strong Python and deep experience with {dl}.",
            "Hands-on experience with LLMs: prompt engineering, fine-tuning or RAG.",
            "Experience deploying models on {cloud} with Docker.",
            "Solid ML fundamentals: optimization, evaluation and experiment design.",
            "Comfort with large datasets in {data}.",
            "You excel at explaining trade-offs to partners outside ML.",
            "Experience with the OpenAI or Anthropic APIs and embeddings.",
        ],
        "nice": [
            "Experience with {serve} or other inference servers.",
            "Familiarity with JAX.",
            "CUDA or Triton kernel experience.",
            "Distributed training with Ray or DeepSpeed.",
            "Publications at NeurIPS, ICML, ACL or similar venues.",
            "Experience building agents with LangChain or LlamaIndex.",
            "Some Kubernetes experience.",
            "Experience with Hugging Face Transformers.",
            "Some Rust or C++ for performance-critical code.",
        ],
    },
    "mlops": {
        "do": [
            "Build and operate our ML platform on Kubernetes: training jobs, batch inference and serving.",
            "Manage infrastructure as code with Terraform across our {cloud} accounts.",
            "Run experiment tracking and the model registry in MLflow and automate promotion.",
            "Build training and data pipelines with Kubeflow Pipelines and Airflow.",
            "Deploy and scale model serving with {serve} on autoscaling GPU node pools.",
            "Own CI/CD for models: GitHub Actions, Argo CD, canary releases and rollbacks.",
            "Instrument services with Prometheus and Grafana and share on-call for ML systems.",
            "Run a feature store (Feast) so training and serving see the same features.",
            "Design object storage and caching layers for datasets and model artifacts.",
            "Leverage Docker and Helm to give researchers reproducible environments.",
        ],
        "need": [
            "{years} of experience in MLOps, platform or infrastructure engineering.",
            "Deep experience running Kubernetes and Docker in production.",
            "Terraform and at least one major cloud: {cloud}.",
            "Experience with MLflow, Kubeflow, SageMaker or Vertex AI.",
            "Strong Python; Go is a plus.",
            "Experience monitoring ML systems: drift, latency and GPU utilization.",
            "Working knowledge of PyTorch and how models are trained.",
        ],
        "nice": [
            "Ray or Spark for distributed workloads.",
            "Weights & Biases for experiment tracking.",
            "Serving LLMs with vLLM or TensorRT-LLM.",
            "Rust or Go for high-performance services.",
            "A CKA certification.",
            "Experience with Slurm for GPU clusters.",
        ],
    },
    "ds": {
        "do": [
            "Design A/B tests and analyze the results with product teams.",
            "Build forecasting and churn models in Python with scikit-learn.",
            "Define the metrics that tell us whether our {area} models help customers.",
            "Turn messy event data into clear dashboards in Looker or Tableau.",
            "Build uplift and pricing models and explain them to finance.",
            "Partner with ML engineers to define labels and evaluation sets.",
        ],
        "need": [
            "{years} of experience in data science or analytics.",
            "Strong SQL and Python (pandas, scikit-learn).",
            "A solid grounding in statistics and causal inference.",
            "Experience with {data}.",
        ],
        "nice": ["Experience with PyTorch.", "Bayesian modelling.", "Experience with dbt."],
    },
    "de": {
        "do": [
            "Build batch and streaming pipelines with {data} and Kafka.",
            "Model data in dbt for analytics and machine learning.",
            "Own the reliability and cost of our data warehouse on {cloud}.",
            "Work with ML engineers to publish training datasets.",
            "Add data quality checks and lineage so broken tables never reach dashboards.",
            "Migrate legacy cron jobs onto a modern orchestrator.",
        ],
        "need": [
            "{years} of experience as a data engineer.",
            "Expert SQL and strong Python.",
            "Experience with Airflow or Dagster.",
            "Experience with Snowflake, BigQuery or Redshift.",
        ],
        "nice": ["Terraform.", "Scala or Java for Spark jobs.", "Experience with Flink."],
    },
    "swe": {
        "do": [
            "Build backend services in Go and Python behind our public API.",
            "Design PostgreSQL schemas and Redis caches that scale.",
            "Ship product features end to end with TypeScript and React.",
            "Improve the reliability of services running on Kubernetes in {cloud}.",
            "Review code, write design docs and mentor newer engineers.",
            "Build internal tools that react to changes in customer configuration safely.",
        ],
        "need": [
            "{years} of experience building production software.",
            "Strong skills in Go, Python, Java or TypeScript.",
            "Experience with relational databases and REST or gRPC APIs.",
            "Good judgement about testing and code review.",
        ],
        "nice": ["Rust experience.", "Experience integrating LLM APIs.", "Kafka or other event streaming."],
    },
    "sre": {
        "do": [
            "Keep our production services on Kubernetes fast and available.",
            "Own observability with Prometheus, Grafana and OpenTelemetry.",
            "Automate infrastructure on {cloud} with Terraform.",
            "Run incident reviews that actually change things.",
            "Plan capacity for GPU and CPU fleets with finance.",
            "Build golden paths so product teams can deploy without tickets.",
        ],
        "need": [
            "{years} of SRE or infrastructure experience.",
            "Kubernetes, Linux and networking.",
            "Strong scripting in Python, Go or Bash.",
            "Experience with Terraform or Pulumi.",
        ],
        "nice": ["GPU cluster operations.", "Experience with Datadog.", "Service mesh (Istio, Linkerd)."],
    },
    "pm": {
        "do": [
            "Own the roadmap for our {area} product.",
            "Work with our go-to-market team on pricing and launches.",
            "Talk to customers every week and turn what you learn into clear specs.",
            "Define success metrics with data science and engineering.",
            "Write crisp launch plans and say no to good ideas that are not the priority.",
            "Work with the Trust and Safety team on policy for model outputs.",
        ],
        "need": [
            "{years} of product management experience.",
            "Experience shipping ML or LLM features.",
            "Comfort with SQL for your own analysis.",
            "Clear writing.",
        ],
        "nice": ["A technical background.", "Experience selling to enterprises."],
    },
    "ae": {
        "do": [
            "Run full-cycle enterprise sales from first call to signed contract.",
            "Build pipeline with our go-to-market and solutions engineering teams.",
            "Keep Salesforce up to date and forecast accurately.",
            "Explain how LLM products create value to technical buyers.",
            "Negotiate multi-year contracts with procurement and legal.",
            "Share what you hear from the field with product every week.",
        ],
        "need": [
            "{years} of closing experience in B2B SaaS.",
            "A record of beating quota.",
            "Experience with MEDDICC or a similar sales method.",
            "You excel at discovery calls.",
        ],
        "nice": ["Experience selling AI or data infrastructure.", "HubSpot or Gong."],
    },
}
TEMPLATES["devops"] = TEMPLATES["platform"] = TEMPLATES["sre"]

HEADINGS = {
    "about": ["About {company}", "About us", "Who we are", "About {company}"],
    "role": ["About the role", "The role", "The team", None],
    "do": ["What you'll do", "Responsibilities", "In this role you will", "Your impact"],
    "need": [
        "What we're looking for",
        "Requirements",
        "Qualifications",
        "What you bring",
        "Minimum qualifications",
    ],
    "nice": ["Nice to have", "Bonus points", "Preferred qualifications", "Even better if you have"],
    "pay": ["Compensation", "Pay", "Salary"],
    "benefits": ["Benefits", "Perks", "What we offer", "Why join us"],
}
BENEFITS = {
    "US": [
        "Comprehensive medical, dental and vision insurance",
        "401(k) with a 4% match",
        "Meaningful equity",
        "Unlimited PTO with a 3-week minimum",
        "$2,000 annual learning budget",
        "16 weeks of paid parental leave",
        "Home office stipend",
        "Commuter benefits",
    ],
    "INTL": [
        "Private health insurance",
        "Pension contributions",
        "25 days of holiday plus public holidays",
        "Share options",
        "A learning budget of 1,500 a year",
        "Flexible hours",
        "Paid parental leave",
        "Team offsites twice a year",
    ],
}
ROLE_CONTEXT = {
    "ai": [
        "Our models serve millions of requests a day, and you will own them from data to deployment.",
        "You will split your time between modelling work and the engineering that gets models shipped.",
        "The team ships a new model to production every two weeks and measures every launch.",
        "We care more about measured customer impact than about model size or leaderboard scores.",
        "You will work with a product manager, a designer and two other engineers on each project.",
    ],
    "mlops": [
        "Our researchers train hundreds of models a month; your job is to make that boring and reliable.",
        "You will own the path from a notebook to a monitored production endpoint.",
        "The platform serves dozens of models across batch and real-time workloads.",
        "We treat the ML platform as a product, and the ML engineers are its customers.",
        "You will share an on-call rotation with five other engineers, with about one page a week.",
    ],
    "other": [
        "You will work across teams and ship things customers notice.",
        "We value written communication, small pull requests and frequent releases.",
        "You will have real ownership from your first month.",
        "The role reports into a leader who has done it before and will help you grow.",
    ],
}
PROCESS = (
    "Our interview process has four steps: a recruiter call, a technical screen, a practical exercise "
    "that reflects the real work, and a final conversation with the team. We aim to decide within three "
    "weeks and we give feedback either way."
)
EEO = [
    "{company} is an equal opportunity employer. We do not discriminate on the basis of race, religion, "
    "colour, national origin, gender, sexual orientation, age, marital status, veteran status or "
    "disability status.",
    "We welcome applicants of every background. {company} provides reasonable accommodations for "
    "candidates with disabilities; tell your recruiter what you need.",
    "{company} is committed to building a diverse team. Even if you do not meet every requirement, we "
    "encourage you to apply.",
    "All qualified applicants will receive consideration for employment without regard to any protected "
    "characteristic. We participate in E-Verify where required.",
]


def _pick(rng: random.Random, items: list, k: int) -> list:
    return rng.sample(items, min(k, len(items)))


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _fill(rng: random.Random, template: str, years: str | None) -> str:
    values = {slot: rng.choice(options) for slot, options in SLOTS.items()}
    return template.format(years=years or "Some", **values)


@dataclass
class Job:
    """One generated posting, source-neutral; the writers below turn it into API payloads."""

    company: Company
    family: str  # ai | mlops | one of OTHER_TITLES
    seniority: str
    title: str
    locs: list[str]  # LOCATIONS keys; the first is primary
    workplace: str | None  # remote | hybrid | onsite | None when the source does not say
    posted: datetime
    updated: datetime
    pay: tuple[int, int, str, str] | None  # min, max, currency, "year" | "hour"
    pay_text: str | None  # the salary as the body states it ("Competitive salary" included)
    sections: list[tuple[str | None, list[str], list[str]]]  # heading, paragraphs, bullets
    n: int
    contract: bool = False  # hourly contractor roles


def _title(rng: random.Random, family: str, seniority: str) -> str:
    if seniority == "manager":
        area = rng.choice(MANAGER_AREAS[family])
        if family == "ae":
            return rng.choice(["Sales Manager, Enterprise", "Director of Sales", "Head of Sales"])
        return rng.choice(
            [
                "Engineering Manager, {a}",
                "Manager, {a}",
                "Director of {a}",
                "Head of {a}",
                "Senior Manager, {a}",
            ]
        ).format(a=area)
    suffix = ""
    if family == "ai":
        base = rng.choice(AI_TITLES)
        suffix = rng.choice(AI_SUFFIXES.get(base, AI_SUFFIXES["default"]))
    elif family == "mlops":
        base = rng.choice(MLOPS_TITLES)
    else:
        base = OTHER_TITLES[family]
        if family == "swe":
            suffix = rng.choice(["", ", Backend", ", Full Stack", " - Infrastructure"])
        if family == "pm":
            suffix = rng.choice([", AI Platform", "", " - Search"])
        if family == "ae":
            base = rng.choice(
                ["Account Executive", "Enterprise Account Executive", "Account Executive, Mid-Market"]
            )
    patterns = {
        "intern": ["{b} Intern", "Intern, {b}", "{b} Intern (Summer 2027)"],
        "junior": ["Junior {b}", "Associate {b}", "{b} I"],
        "mid": ["{b}", "{b}", "{b} II"],
        "senior": ["Senior {b}", "Senior {b}", "Sr. {b}"],
        "staff": ["Staff {b}"],
        "principal": ["Principal {b}"],
    }
    # Team suffixes go after the level ("Applied Scientist II, Inference") and never on entry-level titles.
    return rng.choice(patterns[seniority]).format(b=base) + (
        "" if seniority in ("intern", "junior") else suffix
    )


def _pay(rng: random.Random, job_family: str, seniority: str, loc: str) -> tuple[int, int, str, str]:
    lo, hi = BASE_PAY[seniority]
    factor = FAMILY_PAY[job_family] * LOCATIONS[loc][8]
    currency = LOCATIONS[loc][7]
    if seniority == "intern":
        lo_v = round(lo * FAMILY_PAY[job_family] * LOCATIONS[loc][8] * rng.uniform(0.95, 1.1))
        return lo_v, lo_v + round(rng.choice([10, 15, 20]) * LOCATIONS[loc][8]), currency, "hour"
    jitter = rng.uniform(0.92, 1.08)
    step = 100_000 if currency == "INR" else 5_000
    lo_v = int(round(lo * 1000 * factor * jitter / step) * step)
    hi_v = int(round(hi * 1000 * factor * jitter / step) * step)
    return lo_v, max(hi_v, lo_v + step), currency, "year"


def _money(amount: int, currency: str, style: str) -> str:
    if currency == "EUR":
        return f"€{amount:,}".replace(",", ".")
    if currency == "GBP":
        return f"£{amount:,}"
    if currency == "CAD":
        return f"CA${amount:,}"
    if currency == "INR":
        lakhs = amount // 100_000
        return f"₹{lakhs // 100},{lakhs % 100:02d},00,000" if lakhs >= 100 else f"₹{lakhs},00,000"
    if style == "k":
        return f"${amount // 1000}K"
    return f"${amount:,}"


def _pay_text(rng: random.Random, pay: tuple[int, int, str, str]) -> str:
    lo, hi, cur, period = pay
    if period == "hour":
        return f"{_money(lo, cur, '')} - {_money(hi, cur, '')} per hour"
    if cur == "USD":
        style = rng.choice(["comma", "k", "code", "comma", "to"])
        if style == "k":
            return f"{_money(lo, cur, 'k')}–{_money(hi, cur, 'k')}"
        if style == "code":
            return f"USD {lo} - {hi} per year"
        if style == "to":
            return f"{_money(lo, cur, '')} to {_money(hi, cur, '')} per year"
        return f"{_money(lo, cur, '')} - {_money(hi, cur, '')}"
    if cur == "INR":
        return rng.choice(
            [f"{_money(lo, cur, '')} - {_money(hi, cur, '')} per annum", f"INR {lo:,} - {hi:,} per annum"]
        )
    sep = "–" if cur in ("EUR", "CAD") else " - "
    return f"{_money(lo, cur, '')}{sep}{_money(hi, cur, '')}"


def _sections(rng: random.Random, c: Company, job: Job) -> list[tuple[str | None, list[str], list[str]]]:
    tpl = TEMPLATES[job.family]
    years = YEARS[job.seniority]
    head = {k: rng.choice(v) for k, v in HEADINGS.items()}
    out: list[tuple[str | None, list[str], list[str]]] = []
    out.append((head["about"].format(company=c.name), [" ".join(c.about)], []))
    primary = LOCATIONS[job.locs[0]]
    city = primary[2] or "our nearest"
    region = REMOTE_REGION.get(job.locs[0], "any country")
    where = {
        "remote": f"This is a fully remote role open to candidates in {region}.",
        "hybrid": f"This role is hybrid: we work from our {city} office three days a week.",
        "onsite": f"This role is based on-site in our {city} office five days a week.",
        None: "",
    }[job.workplace]
    team = rng.choice(
        [
            "a team of six engineers",
            "a small team that ships weekly",
            "a new team",
            "one of our fastest-growing teams",
        ]
    )
    role_para = (
        f"You will join {team} and report to the {rng.choice(['VP', 'Director', 'Head'])} of "
        f"{rng.choice(MANAGER_AREAS['ai' if job.family == 'ai' else 'mlops'] + ['Engineering'])}."
    )
    if job.family in ("pm", "ae"):
        role_para = f"You will join {team} and work closely with engineering and customers."
    context = " ".join(_pick(rng, ROLE_CONTEXT.get(job.family, ROLE_CONTEXT["other"]), 2))
    out.append((head["role"], [f"{role_para} {context} {where}".strip()], []))
    n_do = rng.randint(5, 7)
    out.append((head["do"], [], [_fill(rng, t, years) for t in _pick(rng, tpl["do"], n_do)]))
    need_pool = tpl["need"]
    if job.seniority == "intern":  # no "N+ years" lines for students
        need_pool = [t for t in need_pool if "{years}" not in t]
    need = [_fill(rng, t, years) for t in _pick(rng, need_pool, rng.randint(5, 7))]
    if job.seniority == "intern":
        need.insert(0, "Currently pursuing a BS, MS or PhD in computer science or a related field.")
    if job.seniority == "manager":
        need.append("2+ years managing engineers or scientists, including hiring.")
    out.append((head["need"], [], need))
    out.append((head["nice"], [], [_fill(rng, t, years) for t in _pick(rng, tpl["nice"], rng.randint(2, 3))]))
    if job.pay_text:
        lead = rng.choice(
            [
                "The base salary range for this role is {p}.",
                "Salary range: {p}.",
                "Compensation: {p} plus equity and benefits.",
                "The expected base pay for this position is {p}, depending on level and location.",
            ]
        )
        text = job.pay_text + "." if job.pay_text == "Competitive salary" else lead.format(p=job.pay_text)
        out.append((head["pay"], [text], []))
    perks = BENEFITS["US" if primary[5] == "US" else "INTL"]
    out.append((head["benefits"], [], _pick(rng, perks, rng.randint(3, 5))))
    if rng.random() < 0.5:
        out.append((rng.choice(["How we hire", "Our process", "Interview process"]), [PROCESS], []))
    out.append((None, [rng.choice(EEO).format(company=c.name)], []))
    out.append((None, [SAMPLE_LINE], []))
    return out


def _make_job(rng: random.Random, c: Company, family: str, n: int) -> Job:
    if family == "other":
        family = _weighted(rng, OTHER_WEIGHTS)
    seniority = _weighted(rng, SENIORITY_WEIGHTS)
    office = rng.choice(c.offices)
    if seniority == "intern" and (family in ("ae", "pm", "sre", "devops", "platform") or office == "blr"):
        seniority = "junior"
    title = _title(rng, family, seniority)
    contract = seniority in ("mid", "senior") and family in ("ai", "mlops", "ds", "de") and rng.random() < 0.1
    if contract:
        title += rng.choice([" (Contract)", " - Contract", " (6-month contract)"])
    workplace = rng.choices(["remote", "hybrid", "onsite", None], weights=[20, 40, 34, 6])[0]
    if office.startswith("rem_"):
        workplace = "remote"
    locs = [REMOTE_FOR_COUNTRY[LOCATIONS[office][5]]] if workplace == "remote" else [office]
    if c.source != "jsonld" and workplace != "remote" and rng.random() < 0.22:
        locs += [o for o in c.offices if o != office][: rng.randint(1, 2)]
        if rng.random() < 0.3:
            locs.append(REMOTE_FOR_COUNTRY[LOCATIONS[office][5]])
    days_ago = rng.triangular(0, WINDOW_DAYS, 10)  # more recent postings: a growing market
    posted = ANCHOR - timedelta(days=days_ago, seconds=rng.randrange(86_400))
    updated = min(posted + timedelta(days=rng.uniform(0, 35)), ANCHOR)
    pay = _pay(rng, family, seniority, locs[0])
    if contract:  # contractors quote an hourly rate: below the annual range / 2080 hours, as agencies quote
        pay = (round(pay[0] / 2400), round(pay[1] / 2400), pay[2], "hour")
    mode = rng.choices(["text", "competitive", "none"], weights=[55, 15, 30])[0]
    pay_text = {"text": _pay_text(rng, pay), "competitive": "Competitive salary", "none": None}[mode]
    job = Job(
        c,
        family,
        seniority,
        title,
        locs,
        workplace,
        posted.replace(microsecond=0),
        updated.replace(microsecond=0),
        pay,
        pay_text,
        [],
        n,
        contract,
    )
    job.sections = _sections(rng, c, job)
    return job


def make_jobs(rng: random.Random) -> list[Job]:
    """Draw every listed posting; families come from a shuffled deck so the AI:MLOps ratio is exact."""
    deck = [f for f, n in FAMILY_COUNTS.items() for _ in range(n)]
    assert len(deck) == sum(c.n_jobs for c in COMPANIES)
    rng.shuffle(deck)
    jobs: list[Job] = []
    for c in COMPANIES:
        for _ in range(c.n_jobs):
            jobs.append(_make_job(rng, c, deck.pop(), len(jobs)))
    return jobs


# --- rendering ---------------------------------------------------------------------------------------
def _heading_html(text: str, style: str) -> str:
    t = html.escape(text, quote=False)
    return {
        "h2": f"<h2>{t}</h2>",
        "h3": f"<h3>{t}</h3>",
        "strong": f"<p><strong>{t}</strong></p>",
        "b": f"<p><b>{t}:</b></p>",
    }[style]


def _html(sections: list, style: str, nbsp: bool = False) -> str:
    parts = []
    for heading, paras, bullets in sections:
        if heading:
            parts.append(_heading_html(heading, style))
        parts += [f"<p>{html.escape(p, quote=False)}</p>" for p in paras]
        if bullets:
            parts.append(
                "<ul>" + "".join(f"<li>{html.escape(b, quote=False)}</li>" for b in bullets) + "</ul>"
            )
    out = "\n".join(parts)
    # Real editors emit &nbsp; between a number and its unit; after Greenhouse escaping it becomes &amp;nbsp;
    return out.replace("+ years", "+&nbsp;years") if nbsp else out


def _plain(sections: list, upper: bool = False, bullet: str = "- ") -> str:
    blocks = []
    for heading, paras, bullets in sections:
        lines = [heading.upper() if upper else heading] if heading else []
        blocks.append("\n".join(lines + paras + [bullet + b for b in bullets]))
    return "\n\n".join(blocks)


def _gh_escape(markup: str) -> str:
    """Greenhouse stores content entity-escaped (Rails ``h``): & < > " ' all become entities."""
    return html.escape(markup, quote=True).replace("&#x27;", "&#39;")


def _ny_iso(dt: datetime) -> str:
    # Greenhouse reports Eastern time; US DST ended on 2026-11-01 at 06:00 UTC.
    offset = -5 if dt >= datetime(2026, 11, 1, 6, tzinfo=UTC) else -4
    return (dt + timedelta(hours=offset)).strftime("%Y-%m-%dT%H:%M:%S") + f"{offset:+03d}:00"


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _k(amount: int, currency: str) -> str:
    symbol = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "INR": "₹"}[currency]
    if amount >= 1_000_000:
        return f"{symbol}{amount / 1_000_000:.1f}M"
    return f"{symbol}{amount // 1000}K" if amount >= 1000 else f"{symbol}{amount}"


DEPARTMENTS = {
    "ai": ["Engineering - Machine Learning", "AI Research & Engineering", "Applied AI"],
    "mlops": ["ML Platform", "Infrastructure", "Engineering - ML Infrastructure"],
    "ds": ["Data Science"],
    "de": ["Data"],
    "swe": ["Engineering"],
    "sre": ["Infrastructure"],
    "devops": ["Infrastructure"],
    "platform": ["Infrastructure"],
    "pm": ["Product"],
    "ae": ["Sales"],
}


# --- Greenhouse (job-sources.md section 1) -------------------------------------------------------------
def _gh_pay_block(ranges: list[dict], hourly: bool) -> str:
    parts = []
    for r in ranges:
        lo, hi, cur = r["min_cents"] // 100, r["max_cents"] // 100, r["currency_type"]
        if len(ranges) > 1 or hourly:
            parts.append(f'<div class="title">{html.escape(r["title"])}</div>')
        parts.append(
            f'<div class="pay-range"><span>{_money(lo, cur, "")}</span><span class="divider">'
            f"&mdash;</span><span>{_money(hi, cur, '')} {cur}</span></div>"
        )
    return '<div class="content-pay-transparency">' + "".join(parts) + "</div>"


def _gh_metadata(rng: random.Random, job: Job, style: str, ids: list[int]) -> list | None:
    if style == "null" or (style == "mixed" and rng.random() < 0.5):
        return None
    kind = "Intern" if job.seniority == "intern" else "Contract" if job.contract else "Full-time"
    rows: list[dict] = [
        {"id": ids[0], "name": "Employment Type", "value": kind, "value_type": "single_select"}
    ]
    if style == "full":
        fam = {"ai": ["Machine Learning"], "mlops": ["Machine Learning", "Infrastructure"]}
        wp = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site", None: None}[job.workplace]
        rows += [
            {
                "id": ids[1],
                "name": "Job Family",
                "value": fam.get(job.family, ["Other"]),
                "value_type": "multi_select",
            },
            {"id": ids[2], "name": "Workplace Type", "value": wp, "value_type": "single_select"},
            {
                "id": ids[3],
                "name": "Career Page Posting Category",
                "value": "Engineering" if job.family not in ("pm", "ae") else "Business",
                "value_type": "single_select",
            },
        ]
    return rows


def write_greenhouse(rng: random.Random, c: Company, jobs: list[Job], out: Path) -> None:
    board = out / "greenhouse" / c.key
    meta_ids = [rng.randrange(10**7, 10**8) * 1000 + 2 for _ in range(4)]
    dept_ids: dict[str, int] = {}
    office_ids = {loc: rng.randrange(4_000_000, 4_999_999) * 1000 + 2 for loc in LOCATIONS}
    rows, details = [], {}
    for j, job in enumerate(jobs):
        job_id = rng.randrange(4_000_000, 8_999_999) * 1000 + 2  # post ids exceed 2**31
        dept = rng.choice(DEPARTMENTS[job.family])
        dept_ids.setdefault(dept, rng.randrange(4_000_000, 4_999_999) * 1000 + 2)
        labels = [LOCATIONS[k][0] if rng.random() < 0.8 else LOCATIONS[k][1][0] for k in job.locs]
        lo, hi, cur, period = job.pay
        ranges = [
            {
                "min_cents": lo * 100,
                "max_cents": hi * 100,
                "currency_type": cur,
                "title": "Hourly Pay Range" if period == "hour" else "",
            }
        ]
        if period == "year" and cur == "USD" and job.workplace != "remote" and rng.random() < 0.5:
            ranges[0]["title"] = "Zone 1 (SF Bay Area, NYC, Seattle)"
            ranges.append(
                {
                    "min_cents": int(round(lo * 0.9, -3)) * 100,
                    "max_cents": int(round(hi * 0.9, -3)) * 100,
                    "currency_type": cur,
                    "title": "Zone 2 (all other US)",
                }
            )
        pay_mode = rng.choices(["block+ranges", "block", "ranges", "none"], weights=[35, 10, 10, 45])[0]
        content = _html(job.sections, c.heading, nbsp=rng.random() < 0.5)
        if pay_mode.startswith("block"):
            content += "\n" + _gh_pay_block(ranges, period == "hour")
        title = job.title + (" " if rng.random() < 0.05 else "")  # trailing spaces happen on live boards
        url = (
            f"https://job-boards.greenhouse.io/{c.key}/jobs/{job_id}"
            if rng.random() < 0.7
            else f"https://www.{c.domain}/careers/?gh_jid={job_id}"
        )
        row = {
            "id": job_id,
            "internal_job_id": rng.randrange(5_000_000, 7_999_999) * 1000 + 2,
            "title": title,
            "updated_at": _ny_iso(job.updated),
            "first_published": None if j == 3 and c.key == "lumenlabs" else _ny_iso(job.posted),
            "requisition_id": rng.choice([f"ENG-{1000 + job.n}", str(40 + job.n), f"R{20000 + job.n * 7}"]),
            "location": {"name": "; ".join(labels)},
            "absolute_url": url,
            "company_name": c.name,
            "language": "en",
            "application_deadline": None,
            "metadata": _gh_metadata(rng, job, c.extra.get("metadata", "null"), meta_ids),
            "content": _gh_escape(content),
            "departments": [{"id": dept_ids[dept], "name": dept, "child_ids": [], "parent_id": None}],
            "offices": [
                {
                    "id": office_ids[k],
                    "name": LOCATIONS[k][2] or LOCATIONS[k][0],
                    "location": None
                    if LOCATIONS[k][2] is None
                    else f"{LOCATIONS[k][2]}, {LOCATIONS[k][4]}, {LOCATIONS[k][6]}",
                    "child_ids": [],
                    "parent_id": None,
                }
                for k in job.locs
            ],
        }
        if c.extra.get("gdpr"):
            row["data_compliance"] = [
                {
                    "type": "gdpr",
                    "requires_consent": False,
                    "requires_processing_consent": False,
                    "requires_retention_consent": False,
                    "retention_period": None,
                    "demographic_data_consent_applies": False,
                }
            ]
        rows.append(row)
        if pay_mode in ("block+ranges", "ranges"):
            details[job_id] = {**row, "pay_input_ranges": ranges, "questions": []}
    _write_json(
        board / "board.json",
        {
            "name": f"{c.name} (sample data)",
            "content": _gh_escape(
                f"<p>{html.escape(' '.join(c.about))}</p><p>SAMPLE DATA: {c.name} is a fictional company "
                "generated for the jobintel demo.</p>"
            ),
        },
    )
    _write_json(board / "jobs.json", {"jobs": rows, "meta": {"total": len(rows)}})
    for job_id, detail in details.items():
        _write_json(board / "jobs" / f"{job_id}.json", detail)


# --- Lever (section 2) --------------------------------------------------------------------------------
def write_lever(rng: random.Random, c: Company, jobs: list[Job], out: Path) -> None:
    postings = []
    for job in jobs:
        pid = _uuid(rng)
        about, role, *middle = job.sections
        body = [role] + [s for s in middle if s[0] and not s[2]]  # pay and hiring-process paragraphs
        lists = [s for s in middle if s[2]]
        closing = [s for s in middle if s[0] is None]
        opening_html = "".join(f"<div>{html.escape(p, quote=False)}</div>" for p in about[1])
        body_html = "".join(
            (f"<div><b>{html.escape(h)}</b></div>" if h else "")
            + "".join(f"<div>{html.escape(p, quote=False)}</div>" for p in ps)
            for h, ps, _ in body
        )
        additional = "".join(f"<div>{html.escape(p, quote=False)}</div>" for s in closing for p in s[1])
        opening_plain, body_plain = " ".join(about[1]), _plain(body)
        commitment = (
            "Intern"
            if job.seniority == "intern"
            else "Contract"
            if job.contract
            else rng.choice(
                {
                    "kestreldynamics": ["Regular Full Time (Salary)"],
                    "saltmarsh": ["Permanent", "Full-time"],
                }.get(c.key, ["Full-time"])
            )
        )
        posting = {
            "id": pid,
            "text": job.title,
            "categories": {
                "location": LOCATIONS[job.locs[0]][0],
                "commitment": commitment,
                "team": rng.choice(DEPARTMENTS[job.family]),
                "department": {"pm": "Product", "ae": "Sales"}.get(job.family, "Engineering"),
                "allLocations": [LOCATIONS[k][0] for k in job.locs],
            },
            "country": LOCATIONS[job.locs[0]][5],
            "workplaceType": {
                "remote": "remote",
                "hybrid": "hybrid",
                "onsite": "on-site",
                None: "unspecified",
            }[job.workplace],
            "opening": opening_html,
            "openingPlain": opening_plain,
            "descriptionBody": body_html,
            "descriptionBodyPlain": body_plain,
            "description": opening_html + body_html,
            "descriptionPlain": opening_plain + "\n" + body_plain,
            "lists": [
                {"text": h, "content": "".join(f"<li>{html.escape(b, quote=False)}</li>" for b in bs)}
                for h, _, bs in lists
            ],
            "additional": additional,
            "additionalPlain": "\n".join(p for s in closing for p in s[1]),
            "hostedUrl": f"https://jobs.lever.co/{c.key}/{pid}",
            "applyUrl": f"https://jobs.lever.co/{c.key}/{pid}/apply",
            "createdAt": int(job.posted.timestamp() * 1000) + rng.randrange(1000),  # epoch milliseconds
        }
        if rng.random() < 0.45:
            lo, hi, cur, period = job.pay
            posting["salaryRange"] = {
                "currency": cur,
                "interval": f"per-{period}-{'wage' if period == 'hour' else 'salary'}",
                "min": lo,
                "max": hi,
            }
            if rng.random() < 0.5:
                note = "Base pay varies by location and experience. This role is also eligible for equity."
                posting["salaryDescription"] = f"<div>{note}</div>"
                posting["salaryDescriptionPlain"] = note
        postings.append(posting)
    _write_json(out / "lever" / f"{c.key}.json", postings)


# --- Ashby (section 3) --------------------------------------------------------------------------------
def _ashby_address(loc: str) -> dict:
    _, _, city, _, region, _, country, _, _ = LOCATIONS[loc]
    # The docs say "USA", live boards say "United States": use both.
    return {
        "addressLocality": city,
        "addressRegion": region,
        "addressCountry": "USA" if country == "United States" and len(region or "") % 2 else country,
    }


def _ashby_component(rng: random.Random, kind: str, pay: tuple, scale: float = 1.0) -> dict:
    lo, hi, cur, _ = pay
    if kind == "Salary":
        lo, hi = int(round(lo * scale, -3)), int(round(hi * scale, -3))
        return {
            "id": _uuid(rng),
            "summary": f"{_k(lo, cur)} – {_k(hi, cur)}",
            "compensationType": "Salary",
            "interval": "1 YEAR",
            "currencyCode": cur,
            "minValue": lo,
            "maxValue": hi,
        }
    if kind == "EquityPercentage":
        return {
            "id": _uuid(rng),
            "summary": "0.05% – 0.25%",
            "compensationType": "EquityPercentage",
            "interval": "NONE",
            "currencyCode": None,
            "minValue": 0.05,
            "maxValue": 0.25,
        }
    return {
        "id": _uuid(rng),
        "summary": "Offers Equity",
        "compensationType": "EquityCashValue",
        "interval": "1 YEAR",
        "currencyCode": cur,
        "minValue": None,
        "maxValue": None,
    }


def _ashby_compensation(rng: random.Random, job: Job) -> dict:
    mode = rng.choices(["salary+equity", "salary", "equity", "empty"], weights=[50, 15, 10, 25])[0]
    if job.pay[3] == "hour":
        mode = "empty"  # hourly intervals on Ashby are unconfirmed; do not invent a spelling
    if mode == "empty":
        return {
            "compensationTierSummary": None,
            "scrapeableCompensationSalarySummary": None,
            "compensationTiers": [],
            "summaryComponents": [],
        }
    scales = [1.0, 0.9] if job.pay[2] == "USD" and rng.random() < 0.4 else [1.0]
    equity_kind = rng.choice(["EquityCashValue", "EquityPercentage"])
    tiers = []
    for scale, title in zip(scales, ["Zone A", "Zone B"], strict=False):
        comps = []
        if mode != "equity":
            comps.append(_ashby_component(rng, "Salary", job.pay, scale))
        if mode != "salary":
            comps.append(_ashby_component(rng, equity_kind, job.pay))
        if len(comps) == 2 and rng.random() < 0.4:
            comps.reverse()  # equity before salary: never take the first component blindly
        summary = " • ".join(x["summary"] for x in comps)
        tiers.append(
            {
                "id": _uuid(rng),
                "tierSummary": f"{title} {summary}",
                "title": title if len(scales) > 1 else rng.choice([title, None]),
                "additionalInformation": None,
                "components": comps,
            }
        )
    summary_comps = [dict(x) for x in tiers[0]["components"]]
    for comp in summary_comps:
        comp["id"] = _uuid(rng)
        if comp["compensationType"] == "Salary":
            comp["minValue"] = min(
                t_c["minValue"]
                for t in tiers
                for t_c in t["components"]
                if t_c["compensationType"] == "Salary"
            )
            comp["summary"] = (
                f"{_k(comp['minValue'], comp['currencyCode'])} – {_k(comp['maxValue'], comp['currencyCode'])}"
            )
    salary = next((x for x in summary_comps if x["compensationType"] == "Salary"), None)
    return {
        "compensationTierSummary": " • ".join(x["summary"] for x in summary_comps),
        "scrapeableCompensationSalarySummary": salary["summary"].replace(" – ", " - ") if salary else None,
        "compensationTiers": tiers,
        "summaryComponents": summary_comps,
    }


def write_ashby(rng: random.Random, c: Company, jobs: list[Job], unlisted: list[Job], out: Path) -> None:
    rows = []
    for i, job in enumerate(jobs + unlisted):
        jid, listed = _uuid(rng), i < len(jobs)
        wp = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "OnSite", None: None}[job.workplace]
        if rng.random() < 0.12:
            wp = None  # both remote fields null happens a lot on live Ashby boards
        primary = LOCATIONS[job.locs[0]]
        row = {
            "id": jid,
            "title": job.title,
            "department": (dept := rng.choice(DEPARTMENTS[job.family])),
            "team": dept if rng.random() < 0.6 else rng.choice(DEPARTMENTS[job.family] + ["Core"]),
            "employmentType": "Intern"
            if job.seniority == "intern"
            else "Contract"
            if job.contract
            else "FullTime",
            "location": primary[2] or primary[0],
            "secondaryLocations": [
                {"location": LOCATIONS[k][2] or LOCATIONS[k][0], "address": _ashby_address(k)}
                for k in job.locs[1:]
            ],
            "isListed": listed,
            "isRemote": None if wp is None else wp != "OnSite",  # true on hybrid roles too
            "workplaceType": wp,
            "descriptionHtml": _html(job.sections, c.heading),
            "descriptionPlain": _plain(job.sections, upper=True, bullet="• "),
            "publishedAt": job.posted.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}+00:00",
            "address": None if primary[2] is None else {"postalAddress": _ashby_address(job.locs[0])},
            "jobUrl": f"https://jobs.ashbyhq.com/{c.key}/{jid}",
            "applyUrl": f"https://jobs.ashbyhq.com/{c.key}/{jid}/application",
        }
        comp = _ashby_compensation(rng, job)
        row["shouldDisplayCompensationOnJobPostings"] = bool(comp["summaryComponents"])
        row["compensation"] = comp
        rows.append(row)
    rng.shuffle(rows)
    _write_json(out / "ashby" / f"{c.key}.json", {"apiVersion": "1", "jobs": rows})


# --- JSON-LD career sites (section 14) ----------------------------------------------------------------
def _slug(title: str, n: int) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    return "-".join(words) + f"-{n}"


def _jsonld_posting(rng: random.Random, c: Company, job: Job, url: str) -> dict:
    variant = c.extra["variant"]
    primary = LOCATIONS[job.locs[0]]
    description = _html(job.sections, c.heading)
    posting: dict = {
        "@type": "JobPosting",
        "title": job.title,
        # One site entity-escapes its description, as many ATS templates do.
        "description": html.escape(description, quote=False) if variant == "graph" else description,
        "identifier": {
            "@type": "PropertyValue",
            "name": c.name,
            "value": f"{c.key[:3].upper()}-{1000 + job.n}",
        },
        "datePosted": job.posted.strftime("%Y-%m-%d") if variant == "plain" else job.posted.isoformat(),
        "validThrough": (job.posted + timedelta(days=90)).isoformat(),
        "employmentType": (
            "INTERN"
            if job.seniority == "intern"
            else ["FULL_TIME", "CONTRACTOR"]
            if job.contract
            else {"plain": "Full-time"}.get(variant, "FULL_TIME")
        ),
        "hiringOrganization": {"@id": f"https://www.{c.domain}/#org"}
        if variant == "graph"
        else {
            "@type": "Organization",
            "name": c.name,
            "sameAs": f"https://www.{c.domain}",
            "logo": f"https://www.{c.domain}/logo.png",
        },
        "url": url,
        "directApply": True,
    }
    office = primary if primary[2] else LOCATIONS[c.offices[0]]
    posting["jobLocation"] = [
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": office[2],
                "addressRegion": office[3],
                "addressCountry": office[5],
            },
        }
    ]
    if job.workplace == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": primary[6]}
    lo, hi, cur, period = job.pay
    unit = "HOUR" if period == "hour" else "YEAR"
    if variant == "cdata":  # unitText on the outer MonetaryAmount
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": cur,
            "unitText": unit,
            "value": {"@type": "QuantitativeValue", "minValue": lo, "maxValue": hi},
        }
    elif variant != "plain" or rng.random() < 0.6:
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": cur,
            "value": {"@type": "QuantitativeValue", "minValue": lo, "maxValue": hi, "unitText": unit},
        }
    if YEARS[job.seniority] and rng.random() < 0.5:
        months = int(YEARS[job.seniority].split("+")[0]) * 12
        posting["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": months,
        }
    return posting


def _script(data: object, cdata: bool) -> str:
    text = json.dumps(data, indent=1, ensure_ascii=False).replace("</", "<\\/")
    if cdata:
        text = f"//<![CDATA[\n{text}\n//]]>"
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _page(c: Company, title: str, head: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)} | {html.escape(c.name)} Careers (sample data)</title>\n{head}\n"
        f'</head>\n<body>\n<p class="sample-banner">SAMPLE DATA: {html.escape(c.name)} is a fictional '
        f"company. This page was generated for the jobintel demo.</p>\n{body}\n</body>\n</html>\n"
    )


def write_site(rng: random.Random, c: Company, jobs: list[Job], out: Path) -> list[str]:
    """Write one career site; return its page paths relative to /careers/{site}/."""
    site = out / "sites" / c.key
    variant = c.extra["variant"]
    pages: list[tuple[str, str, list[Job]]] = []  # path, title, jobs on the page
    single = jobs[:-2] if variant == "listing" else jobs
    pages += [(f"jobs/{_slug(j.title, j.n)}.html", j.title, [j]) for j in single]
    if variant == "listing":
        pages.append(("openings.html", "Featured openings", jobs[-2:]))
    for path, title, page_jobs in pages:
        nodes = [
            _jsonld_posting(rng, c, j, f"https://www.{c.domain}/careers/{_slug(j.title, j.n)}")
            for j in page_jobs
        ]
        if variant == "graph":
            org = {
                "@type": "Organization",
                "@id": f"https://www.{c.domain}/#org",
                "name": f"{c.name}, Inc.",
                "url": f"https://www.{c.domain}",
                "logo": f"https://www.{c.domain}/logo.png",
            }
            web = {
                "@type": "WebPage",
                "@id": nodes[0]["url"] + "#webpage",
                "url": nodes[0]["url"],
                "name": f"{title} | {c.name} Careers",
            }
            data: object = {"@context": "https://schema.org", "@graph": [org, web, *nodes]}
        elif variant == "listing" and len(nodes) > 1:
            data = [{"@context": "https://schema.org", **n} for n in nodes]
        else:
            data = {"@context": "https://schema.org", **nodes[0]}
        head = f'<link rel="canonical" href="{nodes[0]["url"]}">\n' + _script(data, cdata=variant == "cdata")
        body = '<header><a href="{up}index.html">{name} careers</a></header>\n<main>\n'.format(
            up="../" if "/" in path else "", name=html.escape(c.name)
        )
        for j in page_jobs:
            where = "; ".join(LOCATIONS[k][0] for k in j.locs)
            body += (
                f'<article>\n<h1>{html.escape(j.title)}</h1>\n<p class="location">{html.escape(where)}</p>\n'
                f'<div class="description">\n{_html(j.sections, c.heading)}\n</div>\n'
                f'<p><a class="apply" href="https://www.{c.domain}/apply/{j.n}">Apply now</a></p>\n'
                "</article>\n"
            )
        _write_text(site / path, _page(c, title, head, body + "</main>"))
    links = "\n".join(f'<li><a href="{p}">{html.escape(t)}</a></li>' for p, t, _ in pages)
    _write_text(
        site / "index.html",
        _page(
            c,
            "Open roles",
            "",
            f"<main>\n<h1>Open roles at {html.escape(c.name)}"
            f"</h1>\n<p>{html.escape(' '.join(c.about))}</p>\n<ul>\n{links}\n</ul>\n</main>",
        ),
    )
    base = f"{BASE_URL_PLACEHOLDER}/careers/{c.key}"
    urls = "".join(
        f"  <url>\n    <loc>{base}/{p}</loc>\n    <lastmod>{max(j.updated for j in js):%Y-%m-%d}"
        f"</lastmod>\n  </url>\n"
        for p, _, js in pages
    )
    _write_text(
        site / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
        f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n',
    )
    _write_text(site / "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n")
    return [p for p, _, _ in pages]


# --- files ------------------------------------------------------------------------------------------
def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _write_json(path: Path, data: object) -> None:
    _write_text(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


README = """# jobintel sample boards (SAMPLE DATA, fictional)

Every company, posting, salary and URL in this folder is **fictional sample data** generated by
`scripts/make_samples.py` (seeded, deterministic) for `jobintel demo`. None of it describes a real
employer. Payload shapes follow the public Greenhouse, Lever and Ashby posting APIs and schema.org
`JobPosting` JSON-LD.

{counts}

## Layout

- `greenhouse/<token>/jobs.json`: `GET /v1/boards/<token>/jobs?content=true`. Without
  `content=true` the rows come back without `content`, `departments` and `offices`.
- `greenhouse/<token>/jobs/<id>.json`: `GET /v1/boards/<token>/jobs/<id>?pay_transparency=true`
  for the jobs that have `pay_input_ranges` (in cents); other ids answer with `[]`.
- `greenhouse/<token>/board.json`: `GET /v1/boards/<token>`.
- `lever/<site>.json`: `GET /v0/postings/<site>?mode=json` (a top-level array; `skip` and `limit`
  work) and `GET /v0/postings/<site>/<id>`.
- `ashby/<name>.json`: `GET /posting-api/job-board/<name>?includeCompensation=true`. Without the
  flag `compensation` is dropped. Rows with `isListed: false` must be skipped.
- `sites/<site>/...`: `GET /careers/<site>/...` (`index.html`, `sitemap.xml`, `robots.txt`, job
  pages with JSON-LD); `sites/index.html` is `GET /careers/`.
- `robots.txt`: `GET /robots.txt` (allows everything, lists every sitemap).
- `sources.toml`: every board by source; sitemap paths are relative to the server base URL.
- Unknown boards answer 404 with a JSON body.

Sitemaps and robots files contain the placeholder `{placeholder}`; the server replaces it with
its own base URL (`http://127.0.0.1:<port>`).

## Serving it yourself

    uv run python -m jobintel.demo.server            # prints the base URL, Ctrl-C to stop
    curl "$BASE/v1/boards/northwindai/jobs?content=true"

Regenerate with `uv run python scripts/make_samples.py`; the test suite checks that a rebuild is
byte-identical to the files shipped here.
"""


def generate(out: Path) -> dict[str, int]:
    """Write the whole sample tree under ``out``; return counts.

    >>> counts = generate(Path("/tmp/samples"))  # doctest: +SKIP
    >>> counts["postings"] >= 300
    True
    """
    rng = random.Random(SEED)
    jobs = make_jobs(rng)
    unlisted = {
        c.key: [_make_job(rng, c, rng.choice(["ai", "mlops", "other"]), 900 + i * 3 + k) for k in range(2)]
        for i, c in enumerate(COMPANIES)
        if c.source == "ashby"
    }
    by_company = {c.key: [j for j in jobs if j.company is c] for c in COMPANIES}
    sources: dict[str, list[str]] = {"greenhouse": [], "lever": [], "ashby": [], "jsonld": []}
    n_pages = 0
    for c in COMPANIES:
        if c.source == "greenhouse":
            write_greenhouse(rng, c, by_company[c.key], out)
        elif c.source == "lever":
            write_lever(rng, c, by_company[c.key], out)
        elif c.source == "ashby":
            write_ashby(rng, c, by_company[c.key], unlisted[c.key], out)
        else:
            n_pages += len(write_site(rng, c, by_company[c.key], out))
        sources[c.source].append(c.key if c.source != "jsonld" else f"/careers/{c.key}/sitemap.xml")
    toml = "# SAMPLE DATA: fictional boards served by jobintel.demo.server\n"
    for source, items in sources.items():
        key = "sitemaps" if source == "jsonld" else "boards"
        toml += f"\n[{source}]\n{key} = [\n" + "".join(f'  "{i}",\n' for i in items) + "]\n"
        if source in ("lever", "ashby"):  # these APIs never name the employer
            names = "".join(f'{c.key} = "{c.name}"\n' for c in COMPANIES if c.source == source)
            toml += f"\n[{source}.companies]\n{names}"
    _write_text(out / "sources.toml", toml)
    sitemap_lines = "".join(f"Sitemap: {BASE_URL_PLACEHOLDER}{s}\n" for s in sources["jsonld"])
    _write_text(out / "robots.txt", f"# SAMPLE DATA server\nUser-agent: *\nAllow: /\n\n{sitemap_lines}")
    site_links = "\n".join(
        f'<li><a href="{c.key}/">{html.escape(c.name)}</a> (<a href="{c.key}/sitemap.xml">sitemap</a>)</li>'
        for c in COMPANIES
        if c.source == "jsonld"
    )
    _write_text(
        out / "sites" / "index.html",
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Career sites (sample data)</title>\n</head>\n<body>\n<h1>Career sites</h1>\n"
        "<p>SAMPLE DATA: fictional companies generated for the jobintel demo.</p>\n"
        f"<ul>\n{site_links}\n</ul>\n</body>\n</html>\n",
    )
    fam = {f: sum(1 for j in jobs if j.family == f) for f in ("ai", "mlops")}
    fam["other"] = len(jobs) - fam["ai"] - fam["mlops"]
    counts = {
        "postings": len(jobs),
        "companies": len(COMPANIES),
        "unlisted": sum(map(len, unlisted.values())),
        "ai_ml": fam["ai"],
        "mlops": fam["mlops"],
        "other": fam["other"],
        "jsonld_pages": n_pages,
    }
    summary = (
        f"{counts['postings']} listed postings from {counts['companies']} fictional companies "
        f"({counts['ai_ml']} AI/ML, {counts['mlops']} MLOps, {counts['other']} other roles), plus "
        f"{counts['unlisted']} unlisted Ashby rows that crawlers must skip."
    )
    _write_text(out / "README.md", README.format(counts=summary, placeholder=BASE_URL_PLACEHOLDER))
    return counts


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    for sub in ("greenhouse", "lever", "ashby", "sites"):
        # Remove only what this script owns, so stale boards from older runs disappear.
        if (out / sub).is_dir():
            shutil.rmtree(out / sub)
    counts = generate(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {out}: {counts}, {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
