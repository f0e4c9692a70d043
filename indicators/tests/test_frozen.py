"""Frozen means frozen, at every layer (issue 9).

Every way below the views of changing a signed document, or a record around it (signed version,
status change, history row), is tried: through the ORM on both databases, and with raw SQL on
PostgreSQL. Each must be refused AND leave the database as it was, re-read and compared row by
row. Then what must still work: superseding, deleting a returned draft, deleting a user account,
editing drafts, flushing the test database, and the admin, which shows the status read-only.
"""

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from indicators.frozen import AppendOnlyError, FrozenDocumentError, StatusChangeError
from indicators.models import (
    DocumentTransition,
    Goal,
    GoalIndicator,
    IKUDocument,
    Indicator,
    SignedVersion,
    StrategicTarget,
    YearlyTarget,
)
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from indicators.workflow import services as workflow
from indicators.workflow import signing
from organizations.tests.factories import OfficialFactory, UserFactory

DOCUMENT_MODELS = [IKUDocument, Goal, GoalIndicator, StrategicTarget, Indicator, YearlyTarget]
PARTS = DOCUMENT_MODELS[1:]
HISTORY_MODELS = [model.history.model for model in DOCUMENT_MODELS]
STORED_MODELS = [*DOCUMENT_MODELS, SignedVersion, DocumentTransition, *HISTORY_MODELS]

# A column of each part to change, and a value for it.
CONTENT = {
    Goal: ("text", "Diubah"),
    GoalIndicator: ("text", "Diubah"),
    StrategicTarget: ("text", "Diubah"),
    Indicator: ("name", "Diubah"),
    YearlyTarget: ("value", Decimal("1")),
}

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the database-level guard (triggers) exists on PostgreSQL only; "
    "on SQLite the model layer is the guard, tested by the ORM paths",
)


def _tree(document, target_year):
    goal = GoalFactory(document=document)
    sasaran = StrategicTargetFactory(document=document, goal=goal)
    iku = IndicatorFactory(strategic_target=sasaran)
    return SimpleNamespace(
        document=document,
        goal=goal,
        goal_indicator=GoalIndicatorFactory(goal=goal),
        sasaran=sasaran,
        iku=iku,
        target=YearlyTargetFactory(indicator=iku, year=target_year, value=70),
    )


@pytest.fixture
def world(unit, staf, kepala):
    """A signed document and a draft (submitted once and returned), each with a whole tree; the
    targets lie in different years, so that moving one across never meets the other."""
    signed = _tree(DocumentFactory(unit=unit, period_start=2024, period_end=2026), 2025)
    sign(signed.document, staf=staf, kepala=kepala)
    draft = _tree(DocumentFactory(unit=unit, period_start=2024, period_end=2026, revision=1), 2024)
    workflow.document_submit(document=draft.document, user=staf)
    workflow.document_return(document=draft.document, user=kepala, reason="Perbaiki")
    return SimpleNamespace(signed=signed, draft=draft, staf=staf, kepala=kepala)


def _database():
    """Every row of the indicators tables, as stored."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in STORED_MODELS
    }


class _Undo(Exception):
    """Rolls an attempt back whatever it did, so that every path starts from the same rows."""


def _attempt(action, error, message=""):
    """'' if `action` is refused with `error` (its text containing `message`) and has changed no
    row; otherwise what went wrong."""
    before = _database()
    try:
        with transaction.atomic():
            try:
                action()
            except error as refusal:
                # Read before anything is rolled back: a refusal must come before any write.
                if message not in str(refusal):
                    problem = f"refused for another reason: {refusal}"
                elif _database() != before:
                    problem = "refused, but rows changed"
                else:
                    problem = ""
            else:
                problem = "went through"
            raise _Undo
    except _Undo:
        pass
    except DatabaseError as refusal:  # the database refused what the model layer let through
        problem = f"{type(refusal).__name__}: {refusal}"
    assert _database() == before  # the next path starts from the same rows
    return problem


def _walk(paths):
    """Try every (name, error, action[, message]); return the problem of each that failed."""
    assert len({name for name, *_ in paths}) == len(paths)  # names say which path failed
    problems = {}
    for name, error, action, *message in paths:
        if problem := _attempt(action, error, *message):
            problems[name] = problem
    return problems


def _fresh(obj, **changes):
    """The row of `obj` as stored, with `changes` made in memory."""
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    for name, value in changes.items():
        setattr(fresh, name, value)
    return fresh


def _label(model):
    return model._meta.model_name


def _moves(w):
    """(name, row, new parents): rows of the signed document moved out to the draft, and rows of
    the draft moved in under the signed document."""
    s, d = w.signed, w.draft
    return [
        ("out: tujuan", s.goal, {"document": d.document}),
        ("out: indikator tujuan", s.goal_indicator, {"goal": d.goal}),
        ("out: sasaran", s.sasaran, {"document": d.document, "goal": d.goal}),
        ("out: IKU", s.iku, {"document": d.document, "strategic_target": d.sasaran}),
        ("out: target", s.target, {"indicator": d.iku}),
        ("in: tujuan", d.goal, {"document": s.document}),
        ("in: indikator tujuan", d.goal_indicator, {"goal": s.goal}),
        ("in: sasaran by its tujuan", d.sasaran, {"goal": s.goal}),
        ("in: sasaran", d.sasaran, {"document": s.document, "goal": s.goal}),
        ("in: IKU by its sasaran", d.iku, {"strategic_target": s.sasaran}),
        ("in: IKU", d.iku, {"document": s.document, "strategic_target": s.sasaran}),
        ("in: target", d.target, {"indicator": s.iku}),
    ]


def _new_parts(w):
    """(name, model, values) of a new row of each part under the signed document."""
    s = w.signed
    return [
        ("tujuan", Goal, {"document": s.document, "text": "Baru"}),
        ("indikator tujuan", GoalIndicator, {"goal": s.goal, "text": "Baru"}),
        ("sasaran", StrategicTarget, {"document": s.document, "goal": s.goal, "text": "Baru"}),
        ("IKU", Indicator, {"document": s.document, "strategic_target": s.sasaran, "name": "Baru"}),
        (
            "IKU of a draft under a sasaran of the signed document",
            Indicator,
            {"document": w.draft.document, "strategic_target": s.sasaran, "name": "Baru"},
        ),
        ("target", YearlyTarget, {"indicator": s.iku, "year": 2026, "value": 1}),
    ]


def _orm_paths(w):
    s, d = w.signed, w.draft
    signed_doc = s.document
    docs = IKUDocument.objects.filter(pk=signed_doc.pk)
    drafts = IKUDocument.objects.filter(pk=d.document.pk)
    frozen, status, record = FrozenDocumentError, StatusChangeError, AppendOnlyError
    paths = [
        # The signed document itself.
        ("document save()", frozen, lambda: _fresh(signed_doc, title="X").save()),
        ("document save() as draft", frozen, lambda: _fresh(signed_doc, status="draft").save()),
        (
            "document save(update_fields=[title])",
            frozen,
            lambda: _fresh(signed_doc, title="X").save(update_fields=["title"]),
        ),
        (
            "document superseded by save() with no transition recorded",
            status,
            lambda: _fresh(signed_doc, status="superseded").save(
                update_fields=["status", "updated_at"]
            ),
        ),
        ("document delete()", frozen, lambda: _fresh(signed_doc).delete()),
        ("document update(status=draft)", frozen, lambda: docs.update(status="draft")),
        ("document update(status=submitted)", frozen, lambda: docs.update(status="submitted")),
        ("document update(title)", frozen, lambda: docs.update(title="X")),
        (
            "document update(updated_at)",
            frozen,
            lambda: docs.update(updated_at=d.document.created_at),
        ),
        (
            "document update(status=superseded, title)",
            frozen,
            lambda: docs.update(status="superseded", title="X"),
        ),
        (
            "document update(status=superseded) with no transition recorded",
            status,
            lambda: docs.update(status="superseded"),
        ),
        (
            "document bulk_update(status=draft)",
            frozen,
            lambda: IKUDocument.objects.bulk_update(
                [_fresh(signed_doc, status="draft")], ["status"]
            ),
        ),
        (
            "document bulk_update(title)",
            frozen,
            lambda: IKUDocument.objects.bulk_update([_fresh(signed_doc, title="X")], ["title"]),
        ),
        ("document queryset delete()", frozen, lambda: docs.delete()),
        # The status has one writer, the transition services.
        ("draft save() as signed", status, lambda: _fresh(d.document, status="signed").save()),
        (
            "draft save() as submitted with no transition recorded",
            status,
            lambda: _fresh(d.document, status="submitted").save(),
        ),
        ("draft update(status=signed)", status, lambda: drafts.update(status="signed")),
        ("draft update(status=superseded)", status, lambda: drafts.update(status="superseded")),
        (
            "draft bulk_update(status=signed)",
            status,
            lambda: IKUDocument.objects.bulk_update(
                [_fresh(d.document, status="signed")], ["status"]
            ),
        ),
        (
            "new document created signed",
            status,
            lambda: IKUDocument.objects.create(
                unit=signed_doc.unit, period_start=2030, period_end=2034, status="signed"
            ),
        ),
        (
            "new document bulk_create()d signed",
            status,
            lambda: IKUDocument.objects.bulk_create(
                [
                    IKUDocument(
                        unit=signed_doc.unit, period_start=2030, period_end=2034, status="signed"
                    )
                ]
            ),
        ),
    ]

    # The parts of the signed document: change, delete, add.
    for model, row in [
        (Goal, s.goal),
        (GoalIndicator, s.goal_indicator),
        (StrategicTarget, s.sasaran),
        (Indicator, s.iku),
        (YearlyTarget, s.target),
    ]:
        field, value = CONTENT[model]
        rows = model.objects.filter(pk=row.pk)
        name = _label(model)
        paths += [
            (
                f"{name} save()",
                frozen,
                lambda row=row, f=field, v=value: _fresh(row, **{f: v}).save(),
            ),
            (f"{name} delete()", frozen, lambda row=row: _fresh(row).delete()),
            (f"{name} update()", frozen, lambda rows=rows, f=field, v=value: rows.update(**{f: v})),
            (f"{name} queryset delete()", frozen, lambda rows=rows: rows.delete()),
            (
                f"{name} bulk_update()",
                frozen,
                lambda m=model, row=row, f=field, v=value: m.objects.bulk_update(
                    [_fresh(row, **{f: v})], [f]
                ),
            ),
        ]
    for name, model, values in _new_parts(w):
        paths += [
            (
                f"new {name}, bulk_create()",
                frozen,
                lambda m=model, v=values: m.objects.bulk_create([m(**v)]),
            ),
            (f"new {name}, create()", frozen, lambda m=model, v=values: m.objects.create(**v)),
        ]

    # Moving rows out of and into the signed document.
    for name, row, parents in _moves(w):
        model = type(row)
        ids = {f"{field}_id": parent.pk for field, parent in parents.items()}
        paths += [
            (f"{name}, save()", frozen, lambda row=row, p=parents: _fresh(row, **p).save()),
            (
                f"{name}, bulk_update()",
                frozen,
                lambda m=model, row=row, p=parents: m.objects.bulk_update(
                    [_fresh(row, **p)], list(p)
                ),
            ),
            (
                f"{name}, update(…_id=…)",
                frozen,
                lambda m=model, row=row, ids=ids: m.objects.filter(pk=row.pk).update(**ids),
            ),
            (
                f"{name}, update(parent=…)",
                frozen,
                lambda m=model, row=row, p=parents: m.objects.filter(pk=row.pk).update(**p),
            ),
        ]

    # Records: signed versions, status changes, history rows.
    version = SignedVersion.objects.get(document=signed_doc)
    step = DocumentTransition.objects.filter(document=signed_doc).last()
    returned = DocumentTransition.objects.filter(document=d.document).last()
    paths += [
        ("signed version save()", record, lambda: _fresh(version, sha256="0" * 64).save()),
        ("signed version snapshot save()", record, lambda: _fresh(version, snapshot={}).save()),
        ("signed version delete()", record, lambda: _fresh(version).delete()),
        (
            "signed version update()",
            record,
            lambda: SignedVersion.objects.filter(pk=version.pk).update(sha256="0" * 64),
        ),
        (
            "signed version queryset delete()",
            record,
            lambda: SignedVersion.objects.filter(pk=version.pk).delete(),
        ),
        (
            "signed version bulk_update()",
            record,
            lambda: SignedVersion.objects.bulk_update(
                [_fresh(version, sha256="0" * 64)], ["sha256"]
            ),
        ),
        (
            "signed version overwritten by a new object with its primary key",
            IntegrityError,
            lambda: _in_savepoint(
                lambda: SignedVersion(
                    pk=version.pk,
                    document=d.document,
                    code="FAKE",
                    signed_by=w.kepala,
                    signed_at=version.signed_at,
                    snapshot={},
                    pdf=version.pdf.name,
                    sha256="0" * 64,
                ).save()
            ),
        ),
    ]
    for name, transition in [("transition", step), ("transition of the draft", returned)]:
        rows = DocumentTransition.objects.filter(pk=transition.pk)
        paths += [
            (f"{name} save()", record, lambda t=transition: _fresh(t, note="X").save()),
            (f"{name} delete()", record, lambda t=transition: _fresh(t).delete()),
            (f"{name} update()", record, lambda rows=rows: rows.update(to_status="draft")),
            (f"{name} queryset delete()", record, lambda rows=rows: rows.delete()),
            (
                f"{name} bulk_update()",
                record,
                lambda t=transition: DocumentTransition.objects.bulk_update(
                    [_fresh(t, note="X")], ["note"]
                ),
            ),
        ]
    for model in DOCUMENT_MODELS:
        history = model.history.model
        entry = history.objects.order_by("pk").first()
        name = f"history of {_label(model)}"
        paths += [
            (f"{name} save()", record, lambda e=entry: _fresh(e, history_change_reason="X").save()),
            (f"{name} delete()", record, lambda e=entry: _fresh(e).delete()),
            (
                f"{name} update() through Model.history",
                record,
                lambda m=model: m.history.all().update(history_change_reason="X"),
            ),
            (
                f"{name} delete() through Model.history",
                record,
                lambda m=model: m.history.all().delete(),
            ),
            (
                f"{name} update()",
                record,
                lambda h=history: h.objects.all().update(history_change_reason="X"),
            ),
            (f"{name} queryset delete()", record, lambda h=history: h.objects.all().delete()),
            (
                f"{name} bulk_update()",
                record,
                lambda h=history, e=entry: h.objects.bulk_update(
                    [_fresh(e, history_change_reason="X")], ["history_change_reason"]
                ),
            ),
        ]
    return paths


def _in_savepoint(action):
    with transaction.atomic():
        action()


def test_no_orm_path_changes_a_signed_document_or_a_record(world):
    assert IKUDocument.objects.get(pk=world.signed.document.pk).status == "signed"
    assert _walk(_orm_paths(world)) == {}


# --- raw SQL: the database-level guard ------------------------------------------------------


def _sql(*statements):
    """Run raw SQL statements (each a string, or (string, params)) in a savepoint of their own:
    a statement the database refuses aborts only that."""

    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                sql, params = (statement, ()) if isinstance(statement, str) else statement
                cursor.execute(sql, params)

    return run


def _copy(table, pk, **changes):
    """SQL inserting a copy of a row, with a new id and `changes`."""
    changes["id"] = pk + 100000
    return (
        f"INSERT INTO {table} SELECT (jsonb_populate_record(NULL::{table}, "
        f"to_jsonb(t) || %s::jsonb)).* FROM {table} t WHERE id = %s",
        [json.dumps(changes), pk],
    )


def _raw_paths(w):
    s, d = w.signed, w.draft
    sd, dd = s.document.pk, d.document.pk
    version = SignedVersion.objects.get(document=s.document)
    step = DocumentTransition.objects.filter(document=s.document).last()
    returned = DocumentTransition.objects.filter(document=d.document).last()
    document_table = "indicators_ikudocument"
    update_document = f"UPDATE {document_table} SET {{}} WHERE id = %s"
    add_transition = (
        "INSERT INTO indicators_documenttransition "
        "(document_id, from_status, to_status, user_id, note, created_at) "
        "VALUES (%s, %s, %s, %s, '', now())"
    )
    paths = [
        ("document UPDATE status draft", _sql((update_document.format("status = 'draft'"), [sd]))),
        ("document UPDATE title", _sql((update_document.format("title = 'X'"), [sd]))),
        ("document UPDATE updated_at", _sql((update_document.format("updated_at = now()"), [sd]))),
        (
            "document UPDATE status superseded, title",
            _sql(
                (add_transition, [sd, "signed", "superseded", w.kepala.pk]),
                (update_document.format("status = 'superseded', title = 'X'"), [sd]),
            ),
        ),
        (
            "document UPDATE status superseded with no transition recorded",
            _sql((update_document.format("status = 'superseded'"), [sd])),
        ),
        ("document DELETE", _sql((f"DELETE FROM {document_table} WHERE id = %s", [sd]))),
        (
            "draft UPDATE status signed",
            _sql((update_document.format("status = 'signed'"), [dd])),
        ),
        (
            "draft UPDATE status submitted with no transition recorded",
            _sql((update_document.format("status = 'submitted'"), [dd])),
        ),
        (
            # What the admin form used to do: signed, with no signed version behind it.
            "draft signed by recorded transitions but with no signed version",
            _sql(
                (add_transition, [dd, "draft", "submitted", w.staf.pk]),
                (update_document.format("status = 'submitted'"), [dd]),
                (add_transition, [dd, "submitted", "signed", w.kepala.pk]),
                (update_document.format("status = 'signed'"), [dd]),
            ),
        ),
        (
            "draft UPDATE status superseded",
            _sql(
                (add_transition, [dd, "draft", "superseded", w.kepala.pk]),
                (update_document.format("status = 'superseded'"), [dd]),
            ),
        ),
        (
            "new document INSERTed signed",
            _sql(_copy(document_table, dd, status="signed", revision=7)),
        ),
    ]
    for model, row in [
        (Goal, s.goal),
        (GoalIndicator, s.goal_indicator),
        (StrategicTarget, s.sasaran),
        (Indicator, s.iku),
        (YearlyTarget, s.target),
    ]:
        table, name = model._meta.db_table, _label(model)
        column = model._meta.get_field(CONTENT[model][0]).column
        value = CONTENT[model][1]
        paths += [
            (
                f"{name} UPDATE",
                _sql((f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, row.pk])),
            ),
            (f"{name} DELETE", _sql((f"DELETE FROM {table} WHERE id = %s", [row.pk]))),
            (
                f"{name} INSERT under the signed document",
                _sql(_copy(table, row.pk, **({"year": 2026} if model is YearlyTarget else {}))),
            ),
        ]
    for name, row, parents in _moves(w):
        table = type(row)._meta.db_table
        assignments = ", ".join(f"{field}_id = %s" for field in parents)
        values = [parent.pk for parent in parents.values()]
        paths.append(
            (
                f"{name}, UPDATE",
                _sql((f"UPDATE {table} SET {assignments} WHERE id = %s", [*values, row.pk])),
            )
        )
    paths.append(
        (
            "IKU INSERT under a draft, by its sasaran inside the signed document",
            _sql(_copy("indicators_indicator", d.iku.pk, strategic_target_id=s.sasaran.pk)),
        )
    )

    paths += [
        (
            "signed version UPDATE sha256",
            _sql(
                (
                    "UPDATE indicators_signedversion SET sha256 = %s WHERE id = %s",
                    ["0" * 64, version.pk],
                )
            ),
        ),
        (
            "signed version UPDATE snapshot",
            _sql(
                ("UPDATE indicators_signedversion SET snapshot = '{}' WHERE id = %s", [version.pk])
            ),
        ),
        (
            "signed version DELETE",
            _sql(("DELETE FROM indicators_signedversion WHERE id = %s", [version.pk])),
        ),
    ]
    for name, transition in [("transition", step), ("transition of the draft", returned)]:
        paths += [
            (
                f"{name} UPDATE",
                _sql(
                    (
                        "UPDATE indicators_documenttransition SET note = 'X' WHERE id = %s",
                        [transition.pk],
                    )
                ),
            ),
            (
                # Checked at commit (the ORM deletes a draft's transitions just before the
                # draft); SET CONSTRAINTS … IMMEDIATE checks it now.
                f"{name} DELETE",
                _sql(
                    ("DELETE FROM indicators_documenttransition WHERE id = %s", [transition.pk]),
                    "SET CONSTRAINTS iku_transition_deleted_with_document IMMEDIATE",
                ),
            ),
        ]
    for model in HISTORY_MODELS:
        table = model._meta.db_table
        paths += [
            (f"{table} UPDATE", _sql(f"UPDATE {table} SET history_change_reason = 'X'")),
            (
                f"{table} UPDATE history_user",
                _sql((f"UPDATE {table} SET history_user_id = %s", [w.staf.pk])),
            ),
            (f"{table} DELETE", _sql(f"DELETE FROM {table}")),
        ]
    # Refused by a trigger of ours (IKU: …), not by some other constraint.
    return [(name, IntegrityError, action, "IKU:") for name, action in paths]


@on_postgresql
def test_no_raw_sql_changes_a_signed_document_or_a_record(world):
    assert _walk(_raw_paths(world)) == {}


# --- the one change a signed version takes: its Manual IKU, stored once --------------------


@pytest.fixture
def manual_pending(unit, staf, kepala):
    """A document signed whose Manual IKU a worker has not stored yet."""
    document = DocumentFactory(
        unit=unit, period_start=2027, period_end=2029, signatory=OfficialFactory(unit=unit)
    )
    _tree(document, 2028)
    workflow.document_submit(document=document, user=staf)
    return signing.document_sign(
        document=document, user=kepala, verification_url=lambda c: f"http://x/{c}/", manual=False
    )


def test_a_signed_version_takes_its_manual_once_and_nothing_else(world, manual_pending):
    version = manual_pending
    assert version.manual_pdf.name == "" and version.manual_sha256 == ""
    stored = SignedVersion.objects.get(pk=world.signed.document.signed_version.pk)
    paths = [
        (
            "a Manual IKU over a stored one",
            AppendOnlyError,
            lambda: SignedVersion.objects.fill_manual(stored.pk, name="lain.pdf", sha256="0" * 64),
        ),
        (
            "a Manual IKU without its SHA-256",
            AppendOnlyError,
            lambda: SignedVersion.objects.fill_manual(version.pk, name="m.pdf", sha256=""),
        ),
        (
            "save() with the Manual IKU",
            AppendOnlyError,
            lambda: _fresh(version, manual_pdf="m.pdf", manual_sha256="1" * 64).save(),
        ),
        (
            "update() of the Manual IKU",
            AppendOnlyError,
            lambda: SignedVersion.objects.filter(pk=version.pk).update(manual_sha256="1" * 64),
        ),
    ]
    assert _walk(paths) == {}
    SignedVersion.objects.fill_manual(version.pk, name="m.pdf", sha256="1" * 64)
    filled = SignedVersion.objects.get(pk=version.pk)
    assert (filled.manual_pdf.name, filled.manual_sha256) == ("m.pdf", "1" * 64)
    assert (filled.pdf.name, filled.sha256, filled.code) == (
        version.pdf.name,
        version.sha256,
        version.code,
    )
    again = [
        (
            "a second Manual IKU",
            AppendOnlyError,
            lambda: SignedVersion.objects.fill_manual(version.pk, name="n.pdf", sha256="2" * 64),
        )
    ]
    assert _walk(again) == {}


@on_postgresql
def test_raw_sql_stores_a_manual_once_and_changes_nothing_else_of_a_signed_version(
    world, manual_pending
):
    version, table = manual_pending, SignedVersion._meta.db_table
    stored = world.signed.document.signed_version
    fill = f"UPDATE {table} SET manual_pdf = 'm.pdf', manual_sha256 = %s"
    paths = [
        (
            f"{table} Manual IKU over a stored one",
            _sql((f"{fill} WHERE id = %s", ["1" * 64, stored.pk])),
        ),
        (
            f"{table} Manual IKU with another PDF hash",
            _sql((f"{fill}, sha256 = %s WHERE id = %s", ["1" * 64, "2" * 64, version.pk])),
        ),
        (
            f"{table} Manual IKU with another snapshot",
            _sql((f"{fill}, snapshot = '{{}}' WHERE id = %s", ["1" * 64, version.pk])),
        ),
        (
            f"{table} Manual IKU without a file",
            _sql((f"UPDATE {table} SET manual_sha256 = %s WHERE id = %s", ["1" * 64, version.pk])),
        ),
        (
            f"{table} DELETE of a version awaiting its Manual IKU",
            _sql((f"DELETE FROM {table} WHERE id = %s", [version.pk])),
        ),
    ]
    assert _walk([(name, IntegrityError, action, "IKU:") for name, action in paths]) == {}
    _sql((f"{fill} WHERE id = %s", ["1" * 64, version.pk]))()
    assert SignedVersion.objects.get(pk=version.pk).manual_sha256 == "1" * 64
    second = _sql(
        (
            f"UPDATE {table} SET manual_pdf = 'n.pdf', manual_sha256 = %s WHERE id = %s",
            ["2" * 64, version.pk],
        )
    )
    assert _walk([(f"{table} a second Manual IKU", IntegrityError, second, "IKU:")]) == {}


# --- what must still work -------------------------------------------------------------------


def _check_deferred_constraints():
    """Run now the checks PostgreSQL defers to the commit, which a test never reaches."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_superseding_changes_the_status_and_nothing_else(world):
    old = world.signed.document
    before = _database()
    revision = workflow.document_start_revision(document=old, user=world.staf)
    sign(revision, staf=world.staf, kepala=world.kepala)
    after = _database()
    label = IKUDocument._meta.label
    old_before = next(row for row in before[label] if row["id"] == old.pk)
    old_after = next(row for row in after[label] if row["id"] == old.pk)
    assert (old_before["status"], old_after["status"]) == ("signed", "superseded")
    unchanged = {key for key in old_before if key not in ("status", "updated_at")}
    assert {key: old_after[key] for key in unchanged} == {key: old_before[key] for key in unchanged}
    for model in PARTS + [SignedVersion]:  # the rows under it are untouched
        assert (
            after[model._meta.label][: len(before[model._meta.label])] == before[model._meta.label]
        )


def test_a_returned_draft_is_deleted_with_its_tree_and_transitions(world):
    draft = world.draft
    parts = [draft.goal, draft.goal_indicator, draft.sasaran, draft.iku, draft.target]
    transitions = list(DocumentTransition.objects.filter(document=draft.document))
    assert len(transitions) == 2  # submitted, returned
    gone = {type(row)._meta.label: {row.pk} for row in [draft.document, *parts]}
    gone[DocumentTransition._meta.label] = {t.pk for t in transitions}
    before = _database()
    with transaction.atomic():
        IKUDocument.objects.filter(pk=draft.document.pk).delete()
        _check_deferred_constraints()  # transitions go with their document: allowed
    after = _database()
    for model in [IKUDocument, *PARTS, SignedVersion, DocumentTransition]:
        label = model._meta.label
        ids = gone.get(label, set())
        assert after[label] == [row for row in before[label] if row["id"] not in ids], label
    # The history keeps every row it had, and records each deletion.
    for model in HISTORY_MODELS:
        label = model._meta.label
        assert after[label][: len(before[label])] == before[label]
    deleted = Indicator.history.filter(id=draft.iku.pk, history_type="-")
    assert deleted.count() == 1


def test_deleting_the_account_that_created_a_signed_document_only_unlinks_it(unit, staf, kepala):
    """A user account can still be deleted: the signed document and its history forget who
    created them (created_by and history_user are SET_NULL), and nothing else changes."""
    creator = UserFactory(username="pembuat")
    document = DocumentFactory(unit=unit, created_by=creator)
    IndicatorFactory(strategic_target__document=document)
    document._history_user = creator  # as the middleware does for a request
    document.title = "Dibuat oleh pembuat"
    document.save()
    sign(document, staf=staf, kepala=kepala)
    creator_pk = creator.pk
    before = _database()
    creator.delete()
    after = _database()

    def unlinked(rows, column):
        return [{**row, column: None} if row[column] == creator_pk else row for row in rows]

    label, history = IKUDocument._meta.label, IKUDocument.history.model._meta.label
    assert [row["created_by_id"] for row in before[label]] == [creator_pk]
    assert creator_pk in {row["history_user_id"] for row in before[history]}
    expected = {
        **before,
        label: unlinked(before[label], "created_by_id"),
        history: unlinked(before[history], "history_user_id"),
    }
    assert after == expected


def test_drafts_stay_editable_by_every_path(world, unit):
    d = world.draft
    other = _tree(DocumentFactory(unit=unit, period_start=2024, period_end=2026, revision=2), 2026)
    Goal.objects.bulk_create([Goal(document=d.document, text="Tujuan baru")])
    Goal.objects.filter(pk=d.goal.pk).update(text="Tujuan diubah")
    d.sasaran.text = "Sasaran diubah"
    StrategicTarget.objects.bulk_update([d.sasaran], ["text"])
    YearlyTarget.objects.filter(pk=d.target.pk).update(indicator_id=other.iku.pk)
    Indicator.objects.bulk_update(
        [_fresh(d.iku, document=other.document, strategic_target=other.sasaran)],
        ["document", "strategic_target"],
    )
    _fresh(d.goal_indicator, goal=other.goal).save()
    IKUDocument.objects.filter(pk=d.document.pk).update(title="Judul baru")
    assert set(Goal.objects.filter(document=d.document).values_list("text", flat=True)) == {
        "Tujuan baru",
        "Tujuan diubah",
    }
    assert StrategicTarget.objects.get(pk=d.sasaran.pk).text == "Sasaran diubah"
    assert YearlyTarget.objects.get(pk=d.target.pk).indicator_id == other.iku.pk
    assert Indicator.objects.get(pk=d.iku.pk).strategic_target_id == other.sasaran.pk
    assert GoalIndicator.objects.get(pk=d.goal_indicator.pk).goal_id == other.goal.pk
    assert IKUDocument.objects.get(pk=d.document.pk).title == "Judul baru"
    # The unit and its officials are no part of a signed document: they stay editable.
    unit.name = "Dinas Baru"
    unit.save()
    official = world.signed.document.signatory
    official.name = "NAMA BARU"
    official.save()
    assert IKUDocument.objects.get(pk=world.signed.document.pk).status == "signed"


@pytest.mark.django_db(transaction=True)
def test_committed_signed_documents_are_flushed_after_the_test(unit, staf, kepala):
    """A transactional test commits; its teardown flushes the database (TRUNCATE on
    PostgreSQL), which the row triggers must let through, or this test errors at teardown."""
    document = DocumentFactory(unit=unit)
    IndicatorFactory(strategic_target__document=document)
    sign(document, staf=staf, kepala=kepala)  # committed: the deferred checks ran
    assert IKUDocument.objects.get(pk=document.pk).status == "signed"
    assert SignedVersion.objects.filter(document=document).exists()


# --- the admin --------------------------------------------------------------------------------


def _admin_form_data(page):
    """What the admin change form would post back unchanged, from its rendered context."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].field.prepare_value(form[name].value())
        if value is not None:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in inline.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].field.prepare_value(inline_form[name].value())
                if value is not None:
                    data[inline_form.add_prefix(name)] = value
    return data


def test_the_admin_shows_the_status_read_only_and_cannot_sign(admin_client, world):
    document = world.draft.document  # with its tree and its two transitions as inlines
    url = reverse("admin:indicators_ikudocument_change", args=[document.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert 'name="status"' not in html and 'name="revision"' not in html
    assert 'name="revises"' not in html
    assert '<div class="readonly">Draf</div>' in html
    data = _admin_form_data(page)
    assert data["transitions-INITIAL_FORMS"] == 2
    data.update(title="Judul dari admin", status="signed", revision="3")
    response = admin_client.post(url, data)
    assert response.status_code == 302  # the form was accepted and saved …
    stored = IKUDocument.objects.get(pk=document.pk)
    assert stored.title == "Judul dari admin"
    # … and the status is what it was: a draft, with no signed version.
    assert (stored.status, stored.revision) == ("draft", document.revision)
    assert not SignedVersion.objects.filter(document=document).exists()
