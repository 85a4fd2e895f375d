"""Abbreviated venues in new parse contexts: the `dev` works of the audit benchmark, each given another
`dev` journal's name.

``audit_mutations.py`` abbreviates each work's own venue, so a seed changes the citation style but
never the venue; here every journal article of the ``dev`` half takes a venue drawn (by ``--seed``)
from the full names of the ``dev`` journals, and is audited as the venue written ISO 4 / NLM style
(harmless: should be ``verified``) and moved to another real venue (harmful: should not be). Records
and citations are built exactly as in ``audit_mutations.py``; only ``dev`` is used, so the ``test``
half stays unseen. Needs ``pyiso4``.

Usage::

    .venv/bin/python benchmarks/audit_venue_swap.py [--shared PATH] [--seed N] [--failures FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit_mutations as am
import citation_mutations as cm


def swapped_works(works: list[cm.Work], seed: int) -> list[cm.Work]:
    """Each journal article of ``works`` with another full journal name of ``works`` (no printed string)."""
    names = sorted(
        {
            w.fields["container"]
            for w in works
            if w.fields["kind"] == "journal"
            and w.fields.get("container")
            and ":" not in w.fields["container"]
            and not cm.is_abbreviated(w.fields["container"])
        }
    )
    rng = random.Random(seed)
    out = []
    for work in works:
        if work.fields["kind"] == "journal" and work.fields.get("container"):
            fields = {**work.fields, "container": rng.choice(names)}
            out.append(dataclasses.replace(work, fields=fields, printed=None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=am.DEFAULT_SHARED)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--failures", type=Path, default=None, help="write every case that missed its goal here")
    args = parser.parse_args()
    if not (args.shared / "benchmarks" / "references-gold.jsonl").exists():
        print(f"shared data not found under {args.shared} (pass --shared PATH)", file=sys.stderr)
        raise SystemExit(2)
    if not cm.has_abbreviator():
        print("pyiso4 is not installed: pip install pyiso4", file=sys.stderr)
        raise SystemExit(2)
    works = swapped_works([w for w in cm.read_works(args.shared) if cm.split_of(w) == "dev"], args.seed)
    cases = cm.make_cases(works, seed=args.seed, changes=["venue ISO 4", "venue NLM", "venue"])
    rows = am.audit_cases(cases, am.distractors(works), args.seed)
    for (kind, change), group in rows.groupby(["kind", "change"]):
        goal = "not verified" if kind == "harmful" else "verified"
        met = (group["status"] != "verified") if kind == "harmful" else (group["status"] == "verified")
        print(f"{change} ({kind}): {len(group)} citations, {100 * met.mean():.1f} % {goal}")
    if args.failures:
        missed = rows[
            ((rows["kind"] == "harmless") & (rows["status"] != "verified"))
            | ((rows["kind"] == "harmful") & (rows["status"] == "verified"))
        ]
        args.failures.write_text(missed.to_json(orient="records", lines=True, force_ascii=False), encoding="utf-8")
        print(f"{len(missed)} cases that missed their goal written to {args.failures}")


if __name__ == "__main__":
    main()
