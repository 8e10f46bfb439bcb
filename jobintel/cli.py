"""The command line: parse options, call library functions, print results. No logic lives here.

Library code raises ``jobintel.errors.JobintelError`` subclasses; ``main`` turns them into a one-line
message and an exit code. Heavy imports (Scrapy, spaCy) happen inside commands so ``--help`` is instant.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from jobintel import __version__
from jobintel.errors import ConfigError, JobintelError, PostingValidationError, UnknownRoleError

DEFAULT_DB = "jobintel.db"
FORMATS = ("markdown", "json", "csv", "html")


class Context:
    def __init__(self) -> None:
        self.db_path: str = os.environ.get("JOBINTEL_DB") or DEFAULT_DB
        self.verbose: int = 0

    def open_db(self, *, create: bool = True):
        from jobintel.store import open_db

        return open_db(self.db_path, create=create)


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(Context).db_path = value


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    if value:
        obj = ctx.ensure_object(Context)
        obj.verbose = max(obj.verbose, value)
        logging.basicConfig(
            level=logging.DEBUG if value > 1 else logging.INFO, format="%(levelname)s %(name)s: %(message)s"
        )


def common_options(f: Callable) -> Callable:
    """``--db`` and ``-v`` on every command (and on the group), so they can go anywhere."""
    f = click.option(
        "--db",
        metavar="PATH",
        expose_value=False,
        callback=_set_db,
        is_eager=True,
        help=f"SQLite file (default: $JOBINTEL_DB or ./{DEFAULT_DB}).",
    )(f)
    f = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_set_verbose,
        help="More logging (-vv: debug).",
    )(f)
    return f


def dict_option(f: Callable) -> Callable:
    """``--dict FILE`` (repeatable) and ``$JOBINTEL_DICT`` (paths joined by the OS path separator)."""
    return click.option(
        "--dict",
        "dicts",
        multiple=True,
        envvar="JOBINTEL_DICT",
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="User dictionary (YAML/TOML) layered on the shipped one; repeatable, later files win. "
        "Default: $JOBINTEL_DICT.",
    )(f)


def pass_obj(f: Callable) -> Callable:
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return f(click.get_current_context().ensure_object(Context), *args, **kwargs)

    return wrapper


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  jobintel demo                                  # offline: sample boards -> DB -> head-to-head
  jobintel crawl greenhouse --board anthropic    # one real board
  jobintel crawl --sources jobintel/data/sources/ai-companies.toml
  jobintel tag && jobintel compare "AI/ML Engineer" "MLOps Engineer"
""",
)
@click.version_option(__version__, prog_name="jobintel")
@common_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """jobintel: crawl public job boards, tag postings, compare roles."""
    ctx.ensure_object(Context)


# -- crawl ------------------------------------------------------------------------------------------


@cli.command(
    epilog="""\b
Examples:
  jobintel crawl greenhouse --board anthropic --board cohere
  jobintel crawl lever --board mistral
  jobintel crawl ashby --board openai
  jobintel crawl jsonld --sitemap https://careers.example.com/sitemap.xml
  jobintel crawl jsonld --domain careers.example.com     # robots.txt sitemaps, /sitemap.xml, /careers
  jobintel crawl remoteok                                 # feeds need no --board
  jobintel crawl remotive --arg category=data             # at most 4 runs a day (Remotive's terms)
  jobintel crawl hackernews --board 2026-11               # a month, or latest (default)
  jobintel crawl usajobs --arg keyword="machine learning" # needs JOBINTEL_USAJOBS_API_KEY/_EMAIL
  jobintel crawl --sources jobintel/data/sources/ai-companies.toml
  jobintel crawl greenhouse --board acme --base-url http://127.0.0.1:8123   # a mirror / test server
"""
)
@click.argument("source", required=False)
@click.option(
    "--board", "boards", multiple=True, metavar="TOKEN", help="Board token / site name (repeatable)."
)
@click.option("--url", "urls", multiple=True, help="Posting or careers page URL (jsonld source).")
@click.option(
    "--sitemap", "sitemaps", multiple=True, help="Sitemap URL listing posting pages (jsonld source)."
)
@click.option(
    "--domain", "domains", multiple=True, help="Discover posting pages of a whole domain (jsonld source)."
)
@click.option(
    "--arg", "spider_args", multiple=True, metavar="NAME=VALUE", help="Feed query argument (search=mlops)."
)
@click.option(
    "--sources", "sources_file", type=click.Path(dir_okay=False), help="TOML file listing boards per source."
)
@click.option("--base-url", help="Replace scheme and host of the source API (mirrors, tests).")
@click.option("--contact", envvar="JOBINTEL_CONTACT", help="Contact (email/URL) put in the User-Agent.")
@click.option(
    "--pay-details/--no-pay-details",
    default=False,
    help="Greenhouse: one extra request per job for pay ranges.",
)
@click.option(
    "--set", "overrides", multiple=True, metavar="KEY=VALUE", help="Override a Scrapy/JOBINTEL_* setting."
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress line (default: on when stderr is a TTY)."
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    help="Requests in flight per source (CONCURRENT_REQUESTS); per host stays polite.",
)
@click.option(
    "--allow-private-addresses",
    is_flag=True,
    help="Allow private, loopback and link-local hosts (refused by default: a local mirror, the demo).",
)
@click.option("--http-cache", is_flag=True, help="Development: cache responses in .jobintel-httpcache/.")
@common_options
@pass_obj
def crawl(
    obj: Context,
    source: str | None,
    boards: tuple[str, ...],
    urls: tuple[str, ...],
    sitemaps: tuple[str, ...],
    domains: tuple[str, ...],
    spider_args: tuple[str, ...],
    sources_file: str | None,
    base_url: str | None,
    contact: str | None,
    pay_details: bool,
    overrides: tuple[str, ...],
    progress: bool | None,
    concurrency: int | None,
    allow_private_addresses: bool,
    http_cache: bool,
) -> None:
    """Crawl job boards into the database (polite: robots.txt, AutoThrottle, retries)."""
    from jobintel.spiders import SPIDERS
    from jobintel.spiders.runner import run_crawl
    from jobintel.spiders.sources import CrawlJob, load_sources

    jobs: list[CrawlJob] = []
    if sources_file:
        jobs.extend(load_sources(sources_file))
    if source:
        if source not in SPIDERS:
            raise ConfigError(f"unknown source {source!r}; choose from: {', '.join(sorted(SPIDERS))}")
        # Feeds and aggregators (requires_board = False) crawl the whole feed without a board.
        needs_target = getattr(SPIDERS[source], "requires_board", True)
        if needs_target and not (boards or urls or sitemaps or domains):
            raise ConfigError(f"`crawl {source}` needs --board (or --url/--sitemap/--domain for jsonld)")
        args: dict[str, str] = {}
        for pair in spider_args:
            name, sep, value = pair.partition("=")
            if not sep or not name.strip():
                raise ConfigError(f"--arg expects NAME=VALUE, got {pair!r}")
            args[name.strip()] = value
        job = CrawlJob(
            source=source,
            boards=list(boards),
            base_url=base_url,
            urls=list(urls),
            sitemaps=list(sitemaps),
            domains=list(domains),
            args=args,
        )
        jobs.append(job.validate("command line"))
    if not jobs:
        raise ConfigError("nothing to crawl: give a SOURCE with --board, or --sources FILE (see --help)")
    settings = _parse_overrides(overrides)
    if contact:
        settings["JOBINTEL_CONTACT"] = contact
    if pay_details:
        settings["JOBINTEL_GREENHOUSE_PAY_DETAILS"] = True
    if concurrency:
        settings["CONCURRENT_REQUESTS"] = concurrency
    if allow_private_addresses:
        settings["JOBINTEL_ALLOW_PRIVATE_ADDRESSES"] = True
    if http_cache:
        settings["HTTPCACHE_ENABLED"] = True
    summary = run_crawl(
        jobs,
        db_path=obj.db_path,
        settings=settings,
        progress=sys.stderr.isatty() if progress is None else progress,
        verbose=bool(obj.verbose),
    )
    click.echo(summary.render())
    if summary.all_failed:
        sys.exit(1)


def _parse_overrides(pairs: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--set expects KEY=VALUE, got {pair!r}")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


# -- sources ----------------------------------------------------------------------------------------


@cli.command(
    epilog="""\b
Examples:
  jobintel sources                                        # what the database knows
  jobintel sources --sources jobintel/data/sources/ai-companies.toml -v   # per board
"""
)
@click.option(
    "--sources", "sources_file", type=click.Path(dir_okay=False), help="Also list the boards of this file."
)
@common_options
@pass_obj
def sources(obj: Context, sources_file: str | None) -> None:
    """List sources: boards, postings stored and open, last crawl status (-v: per board)."""
    from jobintel.spiders.sources import load_sources
    from jobintel.store.status import sources_report

    planned: dict[str, list[str]] = {}
    for job in load_sources(sources_file) if sources_file else []:
        names = job.boards or [urlsplit(u).netloc.lower() for u in job.urls + job.sitemaps]
        planned.setdefault(job.source, []).extend(n for n in names if n)
    if sources_file and not Path(obj.db_path).exists():
        from jobintel.store import open_db

        db = open_db(":memory:")  # nothing crawled yet: list the file's boards, create no file
    else:
        db = obj.open_db(create=False)
    click.echo(sources_report(db, planned).render(verbose=obj.verbose > 0))


# -- import / extract -------------------------------------------------------------------------------


@cli.command(
    "import", epilog="\b\nExample:\n  jobintel import postings.jsonl\n  jobintel import - < postings.jsonl"
)
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--batch-size", default=500, show_default=True)
@common_options
@pass_obj
def import_(obj: Context, file, batch_size: int) -> None:
    """Load postings from JSONL in the posting schema (jobintel/schema/posting.schema.json).

    Invalid lines are skipped, counted and reported with their line numbers; valid ones are stored.
    Re-importing the same file changes nothing.
    """
    from jobintel.models import Posting
    from jobintel.store import UpsertResult, finish_crawl_run, start_crawl_run, upsert_postings

    db = obj.open_db()
    run_id = start_crawl_run(db, "import", getattr(file, "name", "-"))
    total, batch, errors = UpsertResult(), [], []
    for lineno, line in enumerate(file, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            batch.append(Posting.from_dict(data))
        except (json.JSONDecodeError, PostingValidationError, TypeError) as exc:
            errors.append(f"line {lineno}: {exc}")
            continue
        if len(batch) >= batch_size:
            total += upsert_postings(db, batch, run_id=run_id, dedupe=True)
            batch = []
    if batch:
        total += upsert_postings(db, batch, run_id=run_id, dedupe=True)
    stats = {"new": total.new, "updated": total.updated, "unchanged": total.unchanged, "errors": len(errors)}
    finish_crawl_run(db, run_id, "partial" if errors else "complete", stats)
    for err in errors[:20]:
        click.echo(f"skipped {err}", err=True)
    if len(errors) > 20:
        click.echo(f"... and {len(errors) - 20} more skipped lines", err=True)
    click.echo(
        f"Imported {total.new + total.updated + total.unchanged:,} postings into {obj.db_path}: "
        f"{total.new:,} new, {total.updated:,} updated, {total.unchanged:,} unchanged, "
        f"{len(errors):,} skipped."
    )
    if errors and not (total.new or total.updated or total.unchanged):
        sys.exit(1)


@cli.command(
    epilog="""\b
Example:
  echo '{"id": 1, "title": "Senior ML Engineer", "text": "Python, PyTorch. $180k-$220k"}' | jobintel extract
"""
)
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@dict_option
@common_options
def extract(file, dicts: tuple[str, ...]) -> None:
    """Tag JSONL {"id", "title", "text"} lines and print one JSON result per line (no database)."""
    from jobintel.extract import extract_records
    from jobintel.nlp.tagger import Tagger

    tagger = Tagger.from_files(dicts)
    errors: list[str] = []
    n = 0
    for out in extract_records(file, tagger, errors=errors):
        click.echo(json.dumps(out, ensure_ascii=False))
        n += 1
    for err in errors:
        click.echo(f"skipped {err}", err=True)
    if errors:
        click.echo(f"extracted {n} records, skipped {len(errors)} malformed lines", err=True)
        if n == 0:
            sys.exit(1)


# -- tag / retag ------------------------------------------------------------------------------------


def _workers(n: int, n_postings: int) -> int:
    # auto: two processes pay off at scale (bench/bench_retag.py: 1.7x), but spawning them costs seconds
    if n > 0:
        return n
    return min(2, os.cpu_count() or 1) if n_postings >= 2000 else 1


def _run_tagging(
    obj: Context,
    *,
    stale_only: bool,
    batch_size: int,
    keep_history: bool,
    dicts: tuple[str, ...] = (),
    workers: int = 1,
    dry_run: bool = False,
    report_path: str | None = None,
) -> None:
    from rich.progress import Progress

    from jobintel.nlp.tagger import Tagger
    from jobintel.retag_report import ChangeReport, report_from_db
    from jobintel.store import CURRENT_TAGGER_KEY, count_postings, get_meta
    from jobintel.tagging import tag_postings

    tagger = Tagger.from_files(dicts)  # a bad user dictionary fails here, before the database is touched
    db = obj.open_db(create=False)
    report = None
    if dry_run or (report_path and not keep_history):  # the old rows will not be there to diff afterwards
        names = {e.id: e.name for e in tagger.dictionary}
        report = ChangeReport(get_meta(db, CURRENT_TAGGER_KEY), tagger.version, dry_run=dry_run, names=names)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        n_postings = count_postings(db)
        task = bar.add_task("tagging", total=n_postings)
        summary = tag_postings(
            db,
            tagger,
            stale_only=stale_only,
            batch_size=batch_size,
            keep_history=keep_history,
            progress=lambda n: bar.advance(task, n),
            workers=_workers(workers, n_postings),
            dry_run=dry_run,
            report=report,
        )
    click.echo(summary.render())
    if summary.interrupted:
        sys.exit(130)
    if report_path or dry_run:
        report = report or report_from_db(db)
        as_json = bool(report_path and report_path.endswith(".json"))
        text = report.render_json() if as_json else report.render_markdown()
        _emit(text, None if report_path in (None, "-") else report_path)


_WORKERS_HELP = "Tagging processes; 0 = auto: 2 on 2+ cores from 2,000 postings. The parent reads and writes."


@cli.command(
    epilog="""\b
Examples:
  jobintel tag
  jobintel --db data.db tag --batch-size 1000 --workers 2
  jobintel tag --dict my-skills.yaml
"""
)
@click.option("--batch-size", default=500, show_default=True, help="Postings per transaction.")
@click.option("--workers", default=0, show_default=True, help=_WORKERS_HELP)
@dict_option
@common_options
@pass_obj
def tag(obj: Context, batch_size: int, workers: int, dicts: tuple[str, ...]) -> None:
    """Tag postings that are untagged or stale (tagged by another tagger version)."""
    _run_tagging(
        obj, stale_only=False, batch_size=batch_size, keep_history=True, dicts=dicts, workers=workers
    )


@cli.command(
    epilog="""\b
Examples:
  jobintel retag --dict my-skills.yaml --dry-run     # what would change; writes nothing
  jobintel retag --dict my-skills.yaml --report changes.md
  jobintel retag --report changes.json               # after a finished re-tag: previous -> current
  jobintel retag --workers 2 --prune                 # drop the old versions' rows as it goes

Only postings tagged by another version are read; rows whose tags come out identical are carried
over by SQL, so only the postings whose tags differ are rewritten. Ctrl-C finishes the batch in hand;
re-run to resume.
"""
)
@click.option("--batch-size", default=500, show_default=True, help="Postings per transaction.")
@click.option("--prune", is_flag=True, help="Delete tags from older tagger versions instead of keeping them.")
@click.option("--workers", default=0, show_default=True, help=_WORKERS_HELP)
@click.option("--dry-run", is_flag=True, help="Tag in memory and report what would change; write nothing.")
@click.option(
    "--report",
    "report_path",
    metavar="FILE",
    help="Write the change report to FILE (.md or .json; '-' = stdout Markdown).",
)
@dict_option
@common_options
@pass_obj
def retag(
    obj: Context,
    batch_size: int,
    prune: bool,
    workers: int,
    dry_run: bool,
    report_path: str | None,
    dicts: tuple[str, ...],
) -> None:
    """Re-tag every posting whose tags came from an older dictionary/tagger version."""
    _run_tagging(
        obj,
        stale_only=True,
        batch_size=batch_size,
        keep_history=not prune,
        dicts=dicts,
        workers=workers,
        dry_run=dry_run,
        report_path=report_path,
    )


# -- tags (versions kept for comparison over time) ----------------------------------------------------


@cli.group(
    epilog="""\b
Examples:
  jobintel tags versions
  jobintel tags prune --keep 2      # keep the current and the previous version
"""
)
@common_options
def tags() -> None:
    """Tagger versions kept in the database, and pruning old ones."""


@tags.command("versions")
@common_options
@pass_obj
def tags_versions(obj: Context) -> None:
    """List tagger versions with rows, most recently used first."""
    from jobintel.store import CURRENT_TAGGER_KEY, get_meta
    from jobintel.store.tagdiff import PREVIOUS_TAGGER_KEY, version_counts

    db = obj.open_db(create=False)
    marks = {get_meta(db, CURRENT_TAGGER_KEY): "current", get_meta(db, PREVIOUS_TAGGER_KEY): "previous"}
    for version, n, used in version_counts(db):
        click.echo(f"{version}  {n:>8,} postings  last used {used or '?'}  {marks.get(version, '')}".rstrip())


@tags.command("prune", epilog="\b\nExample:\n  jobintel tags prune --keep 1")
@click.option("--keep", default=2, show_default=True, help="Versions to keep (current first, then previous).")
@common_options
@pass_obj
def tags_prune(obj: Context, keep: int) -> None:
    """Delete the tag rows of all but the KEEP most recent tagger versions."""
    from jobintel.store.tagdiff import prune_versions

    if keep < 1:
        raise ConfigError("--keep must be at least 1 (the current version)")
    deleted = prune_versions(obj.open_db(create=False), keep=keep)
    for version, n in deleted.items():
        click.echo(f"deleted {n:,} postings' tags of {version}")
    click.echo(f"pruned {len(deleted)} version(s)")


# -- dict -------------------------------------------------------------------------------------------


@cli.group(
    "dict",
    epilog="""\b
Examples:
  jobintel dict show k8s
  jobintel dict check my-skills.yaml
  jobintel dict diff shipped my-skills.yaml
  jobintel dict suggest --format yaml > suggestions.yaml
""",
)
@common_options
def dict_() -> None:
    """The skill dictionary: show entries, check and diff user dictionaries, suggest new terms."""


@dict_.command(
    "show", epilog="\b\nExamples:\n  jobintel dict show kubernetes\n  jobintel dict show k8s --dict my.yaml"
)
@click.argument("skill")
@dict_option
@common_options
def dict_show(skill: str, dicts: tuple[str, ...]) -> None:
    """Print a skill's entry (by id or alias): aliases, category, O*NET/ESCO, rules, origin."""
    from jobintel.nlp.dictinfo import describe_skill
    from jobintel.nlp.userdict import load_effective

    text = describe_skill(load_effective(dicts), skill)
    if text is None:
        raise ConfigError(f"no skill has the id or alias {skill!r}")
    click.echo(text)


@dict_.command("check", epilog="\b\nExample:\n  jobintel dict check my-skills.yaml more.toml")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@common_options
def dict_check(files: tuple[str, ...]) -> None:
    """Validate user dictionary FILES (layered in order) and summarize what they change."""
    from jobintel.nlp.dictinfo import diff_dictionaries
    from jobintel.nlp.tagger import Tagger
    from jobintel.nlp.userdict import load_effective

    eff = load_effective(files)
    diff = diff_dictionaries(load_effective(()), eff)
    click.echo(f"ok: {', '.join(files)}")
    d = eff.dictionary
    click.echo(f"dictionary {d.version} ({len(d):,} skills), rules {eff.rules.version}")
    click.echo(f"tagger version {Tagger.from_files(files).version}")
    click.echo(
        f"{len(diff.added)} skills added, {len(diff.removed)} removed, "
        f"{len(diff.aliases)} with alias changes, "
        f"{len(diff.categories)} recategorized, {len(diff.rules)} rule changes"
    )
    if not diff.empty:
        click.echo(diff.render())


@dict_.command(
    "diff",
    epilog="\b\nExamples:\n  jobintel dict diff shipped my-skills.yaml\n"
    "  jobintel dict diff old.yaml new.yaml",
)
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@common_options
def dict_diff(old: str, new: str, as_json: bool) -> None:
    """Skills, aliases, categories and rules that differ between OLD and NEW ('shipped' or a file)."""
    from jobintel.nlp.dictinfo import diff_dictionaries
    from jobintel.nlp.userdict import load_effective

    def eff(name: str):
        return load_effective(() if name == "shipped" else (name,))

    diff = diff_dictionaries(eff(old), eff(new))
    click.echo(json.dumps(diff.to_dict(), indent=2) if as_json else diff.render())


@dict_.command(
    "suggest",
    epilog="""\b
Examples:
  jobintel dict suggest
  jobintel dict suggest --min-count 5 --format yaml >> my-skills.yaml   # then review and `dict check`
""",
)
@click.option("--min-count", default=2, show_default=True, help="Postings a term must appear in.")
@click.option("--limit", default=40, show_default=True, help="Suggestions to show.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "yaml", "json"]), default="table", show_default=True
)
@dict_option
@common_options
@pass_obj
def dict_suggest(obj: Context, min_count: int, limit: int, fmt: str, dicts: tuple[str, ...]) -> None:
    """Frequent terms in requirements sections that no dictionary entry matches."""
    from jobintel.nlp.suggest import render_table, render_yaml, suggest_terms
    from jobintel.nlp.userdict import load_effective
    from jobintel.store import CURRENT_TAGGER_KEY, get_meta
    from jobintel.store.tagdiff import iter_requirement_texts

    dictionary = load_effective(dicts).dictionary
    db = obj.open_db(create=False)
    rows = iter_requirement_texts(db, get_meta(db, CURRENT_TAGGER_KEY))
    texts = ((text, role) for _, _, text, role in rows)
    found = suggest_terms(texts, dictionary, min_count=min_count, limit=limit)
    if fmt == "yaml":
        click.echo(render_yaml(found), nl=False)
    elif fmt == "json":
        rows = [
            {"term": s.term, "postings": s.count, "roles": dict(s.roles), "examples": s.examples,
             "near": None if s.near is None else {"id": s.near[0], "alias": s.near[1], "score": s.near[2]}}
            for s in found
        ]  # fmt: skip
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(found))


# -- compare ----------------------------------------------------------------------------------------


def _resolve_roles(names: tuple[str, ...]) -> list[str]:
    from jobintel.nlp.roles import load_taxonomy

    taxonomy = load_taxonomy()
    out = []
    for name in names:
        role = taxonomy.get(name)
        if role is None:
            raise UnknownRoleError(f"unknown role {name!r}; known roles: {', '.join(taxonomy.roles)}")
        out.append(role if isinstance(role, str) else role.name)
    return out


def compare_options(f: Callable) -> Callable:
    """Scope and filter options shared by ``compare`` and ``site``."""
    decorators = [
        click.option(
            "--scope",
            type=click.Choice(["open", "all"]),
            default="open",
            show_default=True,
            help="Open postings only, or every posting seen in the window.",
        ),
        click.option("--since", metavar="DATE", help="Only postings seen on or after DATE (YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", help="Only postings seen on or before DATE."),
        click.option("--location", help="Metro, city or country (e.g. 'San Francisco Bay Area', 'GB')."),
        click.option("--remote-only", is_flag=True, help="Only remote postings."),
        click.option(
            "--seniority", multiple=True, help="Level or bucket (entry, mid, senior, staff...); repeatable."
        ),
        click.option("--company", help="Only this company."),
        click.option("--currency", metavar="CODE", help="Salary figures only from postings paid in CODE."),
        click.option(
            "--salary-kind", type=click.Choice(["base", "ote", "any"]), default="base", show_default=True
        ),
    ]
    for d in reversed(decorators):
        f = d(f)
    return f


def _options_from(kw: dict[str, Any]):
    from jobintel.compare import CompareOptions

    return CompareOptions(
        scope=kw["scope"],
        since=kw["since"],
        until=kw["until"],
        location=kw["location"],
        remote_only=kw["remote_only"],
        seniority=tuple(kw["seniority"]),
        company=kw["company"],
        currency=kw["currency"],
        salary_kind=kw["salary_kind"],
    )


@cli.command(
    epilog="""\b
Examples:
  jobintel compare "AI/ML Engineer" "MLOps Engineer"
  jobintel compare "AI/ML Engineer" "MLOps Engineer" --format json --out h2h.json
  jobintel compare "AI/ML Engineer" "MLOps Engineer" "Data Scientist" --format html --out h2h.html
  jobintel compare MLE MLOps --remote-only --since 2026-09-01 --scope all
  jobintel compare "AI/ML Engineer" "MLOps Engineer" --location "San Francisco Bay Area" --seniority senior
"""
)
@click.argument("roles", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@compare_options
@common_options
@pass_obj
def compare(obj: Context, roles: tuple[str, ...], fmt: str, out: str | None, **kw: Any) -> None:
    """Head-to-head comparison of two or more roles from the tagged postings."""
    from jobintel import compare as cmp

    if len(roles) < 2:
        raise ConfigError("compare needs at least two roles")
    db = obj.open_db(create=False)
    h2h = cmp.role_head_to_head(db, _resolve_roles(roles), options=_options_from(kw))
    renderers = {
        "markdown": cmp.render_markdown,
        "json": cmp.render_json,
        "csv": cmp.render_csv,
        "html": cmp.render_html,
    }
    _emit(renderers[fmt](h2h), out)


@cli.command(
    epilog="""\b
Examples:
  jobintel site --out site/                       # every pair of tagged roles + index.html
  jobintel site --out site/ --role "AI/ML Engineer" --role "MLOps Engineer" --role "Data Scientist"
"""
)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--role", "roles", multiple=True, help="Limit to these roles (default: every tagged role).")
@compare_options
@common_options
@pass_obj
def site(obj: Context, out_dir: str, roles: tuple[str, ...], **kw: Any) -> None:
    """Write a static HTML site: one page per pair of roles and an index of related comparisons."""
    from jobintel.compare import write_site

    db = obj.open_db(create=False)
    pages = write_site(db, out_dir, _resolve_roles(roles) if roles else None, options=_options_from(kw))
    click.echo(f"wrote {len(pages)} pages to {out_dir} (start at {pages[0]})")


def _emit(text: str, out: str | None) -> None:
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text)


# -- demo -------------------------------------------------------------------------------------------


@cli.command(
    epilog="""\b
Example:
  jobintel demo                       # writes ./jobintel-demo/{jobintel.db,h2h.*}
  jobintel demo --out /tmp/demo
"""
)
@click.option(
    "--out", "out_dir", default="jobintel-demo", show_default=True, type=click.Path(file_okay=False)
)
@common_options
@pass_obj
def demo(obj: Context, out_dir: str) -> None:
    """Offline demo: serve the bundled SAMPLE boards on 127.0.0.1, crawl, tag, compare, export."""
    from jobintel.demo.run import run_demo

    ctx = click.get_current_context()
    db_path = obj.db_path if _db_given(ctx) else str(Path(out_dir) / "jobintel.db")
    result = run_demo(out_dir=Path(out_dir), db_path=Path(db_path), echo=click.echo)
    click.echo(result)


def _db_given(ctx: click.Context) -> bool:
    for c in (ctx, ctx.parent):
        if c is not None and c.get_parameter_source("db") not in (None, click.core.ParameterSource.DEFAULT):
            return True
    return bool(os.environ.get("JOBINTEL_DB"))


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="jobintel", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except JobintelError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
