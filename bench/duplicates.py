"""Duplicate detection against registries of growing size, in memory (no database).

A registry of synthetic survivors is drawn as the demo draws them (the same names,
romanisations, birth dates and documents: ``compfund.demo.generate``), indexed with
``compfund.intake.duplicate_detection.DuplicateIndex`` as a submission's screening indexes the
registered survivors, and searched for new survivors drawn the same way. For each size:
building the index (per survivor), and matching one new survivor (median over the new
survivors). Ratios: against the size ten times smaller (10 = linear), and against one
full comparison of two people (``compare``) measured in the same run, i.e. how many
full comparisons a search costs.

    .venv/bin/python bench/duplicates.py [--quick]
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from time import perf_counter

import this_checkout  # noqa: F401
from harness import arguments, machine, median_seconds, print_table, ratio, seconds

from compfund.demo.generate import _pick_scenario, _survivor
from compfund.demo.scenarios import SOURCE_PROVINCE_WEIGHTS
from compfund.intake.duplicate_detection import DuplicateIndex, PersonDetails, compare

AS_OF = date(2026, 11, 1)
SEARCHES = 200


def people(count: int, seed: int) -> list[PersonDetails]:
    """``count`` survivors as the demo would register them."""
    rng = random.Random(seed)
    provinces, weights = list(SOURCE_PROVINCE_WEIGHTS), list(SOURCE_PROVINCE_WEIGHTS.values())
    drawn = []
    for _ in range(count):
        identified_on = AS_OF - timedelta(days=rng.randrange(5, 700))
        province = rng.choices(provinces, weights)[0]
        data, _minor = _survivor(rng, province, _pick_scenario(rng), AS_OF, identified_on)
        documents = tuple((d.document_type, d.number) for d in data.documents if d.number)
        drawn.append(
            PersonDetails(
                data.name_km,
                data.name_latin,
                data.sex,
                data.date_of_birth,
                data.birth_year,
                documents,
            )
        )
    return drawn


def main() -> int:
    options = arguments(__doc__, database=False)
    sizes = (1_000, 10_000) if options.quick else (1_000, 10_000, 100_000)
    print(f"Duplicate detection in memory. {machine()}.")
    newcomers = people(SEARCHES, seed=1)
    registry = people(sizes[-1], seed=2)
    pair = (newcomers[0], registry[0])
    one_comparison = median_seconds(lambda: compare(*pair), runs=1000)
    figures = {}
    for size in sizes:
        started = perf_counter()
        index = DuplicateIndex.of(enumerate(registry[:size]))
        built = perf_counter() - started
        times = []
        found = 0
        for person in newcomers:
            t = perf_counter()
            found += bool(index.likely_duplicates(person))
            times.append(perf_counter() - t)
        times.sort()
        figures[size] = (built / size, times[len(times) // 2], found)
    rows = []
    for size, (per_survivor, search, found) in figures.items():
        smaller = figures.get(size // 10)
        rows.append(
            [
                f"{size:,}",
                seconds(per_survivor),
                seconds(search),
                f"{1 / search:,.0f}",
                ratio(search, smaller[1]) if smaller else "",
                ratio(search, one_comparison),
                f"{found}/{SEARCHES}",
            ]
        )
    print_table(
        f"Index building and searching; one full comparison of two people: "
        f"{seconds(one_comparison)}",
        [
            "registry",
            "index, per survivor",
            "search (median)",
            "searches/s",
            "x10 size",
            "x one comparison",
            "with a likely match",
        ],
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
