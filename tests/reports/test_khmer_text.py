"""Khmer in PDF cells: word boundaries from ICU, never inside a cluster; lines that fit."""

from __future__ import annotations

import pytest

from compfund.demo import names
from compfund.provinces import PROVINCES
from reports.khmer import COENG, ZWSP, cluster_starts_at, clusters, word_breaks
from reports.pdf_text import fit_lines, register_fonts, script_runs, text_width

PHRASE = "ការិយាល័យមូលនិធិសំណងជនរងគ្រោះពីការជួញដូរមនុស្ស"
SAMPLES = [
    PHRASE,
    *(p.name_km for p in PROVINCES),
    *(n.khmer for n in names.FAMILY_NAMES + names.GIVEN_NAMES_FEMALE + names.GIVEN_NAMES_MALE),
]


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    register_fonts()


def test_icu_finds_the_words_of_a_phrase_without_spaces() -> None:
    assert word_breaks(PHRASE).split(ZWSP) == [
        "ការិយាល័យ",
        "មូលនិធិ",
        "សំណង",
        "ជនរងគ្រោះ",
        "ពី",
        "ការ",
        "ជួញដូរ",
        "មនុស្ស",
    ]


@pytest.mark.parametrize("text", SAMPLES)
def test_a_break_never_falls_inside_a_cluster(text: str) -> None:
    marked = word_breaks(text)
    assert marked.replace(ZWSP, "") == text
    position = 0
    for piece in marked.split(ZWSP)[:-1]:
        position += len(piece)
        assert cluster_starts_at(text, position), (text, position)


def test_clusters_keep_subscripts_and_vowels_with_their_base() -> None:
    assert clusters("ស្ត្រី") == ["ស្ត្រី"]
    assert clusters("វត្ថុ") == ["វ", "ត្ថុ"]
    assert all(not c.endswith(COENG) for c in clusters(PHRASE))
    assert "".join(clusters(PHRASE)) == PHRASE


def test_lines_fit_their_cell_and_lose_nothing() -> None:
    text = f"{PHRASE} {PHRASE} SV-7K3Q-9M2X"
    lines = fit_lines(text, 60, 7)
    assert len(lines) > 3
    assert all(text_width(line, 7) <= 60 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_word_wider_than_the_cell_is_cut_between_clusters() -> None:
    lines = fit_lines("មនុស្ស" * 6, 20, 7)
    assert len(lines) > 1
    assert all(not line.endswith(COENG) and line for line in lines)
    assert all(clusters(line)[0] in clusters("មនុស្ស") for line in lines)


def test_punctuation_stays_in_the_script_it_stands_in() -> None:
    assert list(script_runs("គ.ជ.ប.ជ NCCT")) == [("គ.ជ.ប.ជ ", True), ("NCCT", False)]
    assert list(script_runs('{"a": "ម្តាយ", "b": 1}')) == [
        ('{"a": ', False),
        ('"ម្តាយ", ', True),
        ('"b": 1}', False),
    ]
