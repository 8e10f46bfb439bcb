"""Career paths: each role's own senior titles first; a level it lacks borrows from its family."""

from __future__ import annotations

from test_compare_headtohead import A, B, _posting, build_db

from jobintel.compare import role_head_to_head


def _specs():
    rows = [
        # role A: its own senior and staff titles
        *[(A, "Senior ML Engineer", "senior")] * 3,
        *[(A, "Staff ML Engineer", "lead")] * 2,
        # role B (same family "ML" in the fixture): its own senior title, and the family's only manager
        *[(B, "Senior MLOps Engineer", "senior")] * 4,
        (B, "Head of ML Platform", "manager"),
        (A, "ML Engineer", "mid"),  # below senior: never a career step
    ]
    return [
        _posting(i, role, title=title, level=level, bucket="senior" if level != "mid" else "mid")
        for i, (role, title, level) in enumerate(rows, 1)
    ]


def test_roles_of_one_family_get_their_own_paths(tmp_path):
    db = build_db(tmp_path / "c.db", _specs())
    h2h = role_head_to_head(db, [A, B])
    paths = {p.name: [(s.level, s.title, s.n) for s in p.career_path] for p in h2h.roles}
    assert paths[A] == [
        ("senior", "Senior ML Engineer", 3),
        ("lead", "Staff ML Engineer", 2),
        ("manager", "Head of ML Platform", 1),  # A has no manager titles: borrowed from the family
    ]
    assert paths[B] == [
        ("senior", "Senior MLOps Engineer", 4),  # B's own senior title, not A's more common one
        ("lead", "Staff ML Engineer", 2),  # B has no lead titles: borrowed
        ("manager", "Head of ML Platform", 1),
    ]
