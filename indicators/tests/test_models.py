import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import IKUDocument, Indicator, YearlyTarget
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
)
from indicators.tree.selectors import document_tree, editor_tree
from organizations.tests.factories import UnitFactory


@pytest.mark.django_db
def test_period_end_before_start_is_refused_with_an_indonesian_message():
    document = DocumentFactory.build(unit=UnitFactory(), period_start=2023, period_end=2019)
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert "Tahun akhir periode tidak boleh sebelum tahun awalnya." in caught.value.messages


@pytest.mark.django_db
def test_period_constraint_holds_in_the_database():
    document = DocumentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        IKUDocument.objects.filter(pk=document.pk).update(period_start=2030)


@pytest.mark.django_db
def test_one_document_per_unit_period_and_revision():
    first = DocumentFactory()
    again = IKUDocument(
        unit=first.unit, period_start=first.period_start, period_end=first.period_end
    )
    with pytest.raises(ValidationError) as caught:
        again.full_clean()
    assert (
        "Unit ini sudah memiliki dokumen dengan periode dan nomor revisi ini."
        in caught.value.messages
    )


@pytest.mark.django_db
def test_explicit_codes_are_unique_within_a_document_only():
    indicator = IndicatorFactory(code="1.1")
    same_doc = IndicatorFactory.build(
        strategic_target=indicator.strategic_target, document=indicator.document, code="1.1"
    )
    with pytest.raises(ValidationError) as caught:
        same_doc.full_clean()
    assert "Kode ini sudah dipakai di dokumen ini." in caught.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        same_doc.save()
    # The same code in another document, and any number of blank codes, are fine.
    IndicatorFactory(code="1.1").full_clean()
    IndicatorFactory(strategic_target=indicator.strategic_target, code="")
    IndicatorFactory(strategic_target=indicator.strategic_target, code="")


@pytest.mark.django_db
def test_one_target_per_indicator_and_year_inside_the_period():
    target = YearlyTargetFactory(year=2024)
    duplicate = YearlyTarget(indicator=target.indicator, year=2024, value=1)
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "Indikator ini sudah memiliki target untuk tahun ini." in caught.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()

    outside = YearlyTarget(indicator=target.indicator, year=2030, value=1)
    with pytest.raises(ValidationError) as caught:
        outside.full_clean()
    assert caught.value.message_dict["year"] == [
        "Tahun harus berada dalam periode dokumen 2024-2026."
    ]


@pytest.mark.django_db
def test_strategic_target_of_another_document_is_refused():
    indicator = IndicatorFactory.build(
        strategic_target=StrategicTargetFactory(), document=DocumentFactory()
    )
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert "strategic_target" in caught.value.message_dict


@pytest.mark.django_db
def test_explanation_is_sanitized_whatever_path_saves_it():
    indicator = IndicatorFactory(
        explanation='<p onclick="x()">Teks <script>alert(1)</script><img src="file:///etc/passwd">'
        "<strong>tebal</strong></p><ul><li>butir</li></ul>"
    )
    indicator.refresh_from_db()
    assert indicator.explanation == "<p>Teks <strong>tebal</strong></p><ul><li>butir</li></ul>"


@pytest.mark.django_db
def test_codes_follow_the_documents_numbering():
    """Sumsel style: tujuan 1, sasaran 1.1.1, IKU 1.1.1.1; Jambi style: 1, 2, 3 throughout."""
    document = DocumentFactory()
    goal = GoalFactory(document=document, order=0)
    GoalIndicatorFactory(goal=goal)
    sasaran_b = StrategicTargetFactory(document=document, goal=goal, order=1)
    sasaran_a = StrategicTargetFactory(document=document, goal=goal, order=0)
    IndicatorFactory(strategic_target=sasaran_a, order=1, name="kedua")
    IndicatorFactory(strategic_target=sasaran_a, order=0, name="pertama")
    IndicatorFactory(strategic_target=sasaran_b, order=0, name="ketiga", code="X.9")
    loose = StrategicTargetFactory(document=document, goal=None, order=5)
    IndicatorFactory(strategic_target=loose, order=0, name="lepas")

    tree = document_tree(document=document)
    assert [g.display_code for g in tree.goals] == ["1"]
    assert [(t.display_code, t.text) for t in tree.strategic_targets] == [
        ("1.1.1", sasaran_a.text),
        ("1.1.2", sasaran_b.text),
        ("1", loose.text),
    ]
    assert [(i.display_code, i.name) for i in tree.indicators] == [
        ("1.1.1.1", "pertama"),
        ("1.1.1.2", "kedua"),
        ("X.9", "ketiga"),
        ("1", "lepas"),
    ]


@pytest.mark.django_db
def test_the_editor_reads_the_tree_in_the_order_and_with_the_codes_of_the_print():
    document = DocumentFactory()
    second_goal = GoalFactory(document=document, order=1, text="Tujuan kedua")
    first_goal = GoalFactory(document=document, order=0, text="Tujuan pertama", code="T-1")
    GoalIndicatorFactory(goal=first_goal, order=1, text="indikator b")
    GoalIndicatorFactory(goal=first_goal, order=0, text="indikator a")
    loose = StrategicTargetFactory(document=document, goal=None, order=0)
    empty = StrategicTargetFactory(document=document, goal=second_goal, order=3)
    late = StrategicTargetFactory(document=document, goal=first_goal, order=2)
    early = StrategicTargetFactory(document=document, goal=first_goal, order=1)
    for n, (target, order, code) in enumerate(
        [
            (late, 0, ""),
            (early, 2, ""),
            (early, 1, "K.7"),
            (loose, 9, ""),
            (loose, 3, ""),
            (early, 1, ""),
        ]
    ):
        YearlyTargetFactory(
            indicator=IndicatorFactory(
                strategic_target=target, order=order, code=code, name=f"IKU {n}"
            ),
            year=document.period_start,
        )

    printed, edited = document_tree(document=document), editor_tree(document=document)
    assert (
        [(g.pk, g.display_code) for g in edited.goals]
        == [(g.pk, g.display_code) for g in printed.goals]
        == [(first_goal.pk, "T-1"), (second_goal.pk, "2")]
    )
    assert edited.goals[0].indicator_texts == ["indikator a", "indikator b"]
    assert edited.goals[1].indicator_texts == []
    assert [(t.pk, t.display_code, len(t.indicator_list)) for t in edited.strategic_targets] == [
        (t.pk, t.display_code, len(t.indicator_list)) for t in printed.strategic_targets
    ]
    assert [t.pk for t in edited.strategic_targets] == [early.pk, late.pk, empty.pk, loose.pk]
    assert [(i.pk, i.display_code, i.name, i.yearly_targets) for i in edited.indicators] == [
        (i.pk, i.display_code, i.name, i.yearly_targets) for i in printed.indicators
    ]
    assert [i.display_code for i in edited.indicators][:4] == [
        "K.7",
        "T-1.1.1.2",
        "T-1.1.1.3",
        "T-1.1.2.1",
    ]


@pytest.mark.django_db
def test_the_editor_folds_a_long_document_and_reads_only_the_opened_sasarans_targets():
    document = DocumentFactory()
    first, second = (StrategicTargetFactory(document=document) for _ in range(2))
    for target in (first, first, second):
        YearlyTargetFactory(indicator=IndicatorFactory(strategic_target=target), year=2020)
    folded = editor_tree(document=document, opened=second.pk, fold_over=2)
    assert folded.folded
    assert [t.folded for t in folded.strategic_targets] == [True, False]
    # The folded IKU are read for their codes only; their targets are not read.
    assert [len(getattr(i, "yearly_targets", ())) for i in folded.indicators] == [0, 0, 1]
    whole = editor_tree(document=document, opened=second.pk, fold_over=3)
    assert not whole.folded and not any(t.folded for t in whole.strategic_targets)
    unfolded = editor_tree(document=document, fold_over=2, unfold_all=True)
    assert not unfolded.folded and [len(i.yearly_targets) for i in unfolded.indicators] == [1, 1, 1]


@pytest.mark.django_db
def test_document_tree_query_count_does_not_grow(django_assert_num_queries):
    def build(n):
        document = DocumentFactory()
        goal = GoalFactory(document=document)
        target = StrategicTargetFactory(document=document, goal=goal)
        for i in range(n):
            YearlyTargetFactory(indicator=IndicatorFactory(strategic_target=target, order=i))
        return document

    small, large = build(2), build(20)
    with django_assert_num_queries(5):
        assert len(document_tree(document=small).indicators) == 2
    with django_assert_num_queries(5):
        assert len(document_tree(document=large).indicators) == 20


@pytest.mark.django_db
def test_heading_of_an_original_and_a_revision():
    original = DocumentFactory(period_start=2019, period_end=2023)
    revision = DocumentFactory(
        unit=original.unit, period_start=2019, period_end=2023, revision=1, revises=original
    )
    assert original.heading == "INDIKATOR KINERJA UTAMA (IKU) TAHUN 2019-2023"
    assert revision.heading == "PERUBAHAN INDIKATOR KINERJA UTAMA (IKU) TAHUN 2019-2023"
    assert list(original.revisions.all()) == [revision]


@pytest.mark.django_db
def test_indicators_order_by_position():
    target = StrategicTargetFactory()
    IndicatorFactory(strategic_target=target, order=2, name="c")
    IndicatorFactory(strategic_target=target, order=0, name="a")
    IndicatorFactory(strategic_target=target, order=1, name="b")
    assert list(Indicator.objects.values_list("name", flat=True)) == ["a", "b", "c"]
