"""Build a national-size database for measuring: pemda with their OPD, documents (some with a
signed Perubahan), IKU, yearly targets, users, memberships, status steps and signed versions,
all with bulk inserts.

    python manage.py generate_scale --units 20000 --indicators 20

For benchmarks on a throwaway database only. Documents are given their signed status directly
in SQL (with PostgreSQL's guard triggers set aside for that statement, which needs a superuser),
and every signed version points at one small stored PDF: signing 20,000 documents through the
portal would render 20,000 PDFs, which is not what a scale benchmark measures.
"""

import hashlib
import random
import secrets
import time
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from indicators.models import (
    DocumentTransition,
    Goal,
    IKUDocument,
    Indicator,
    SignedVersion,
    StrategicTarget,
    YearlyTarget,
)
from organizations.models import Membership, OrganizationUnit

Draft, Submitted, Signed = (
    IKUDocument.Status.DRAFT,
    IKUDocument.Status.SUBMITTED,
    IKUDocument.Status.SIGNED,
)

WORDS = (
    "koperasi",
    "usaha",
    "mikro",
    "kecil",
    "menengah",
    "pertumbuhan",
    "ekonomi",
    "layanan",
    "publik",
    "kepuasan",
    "masyarakat",
    "indeks",
    "pembangunan",
    "manusia",
    "kemiskinan",
    "pengangguran",
    "investasi",
    "pendapatan",
    "daerah",
    "kesehatan",
    "pendidikan",
    "infrastruktur",
    "jalan",
    "irigasi",
    "pertanian",
    "perikanan",
    "pariwisata",
    "lingkungan",
    "hidup",
    "kualitas",
    "air",
    "udara",
    "sampah",
    "akuntabilitas",
    "kinerja",
    "reformasi",
    "birokrasi",
    "digital",
    "inovasi",
    "ketahanan",
    "pangan",
    "perumahan",
    "permukiman",
    "air",
    "minum",
    "sanitasi",
    "transportasi",
)
DINAS = [
    "Dinas Koperasi dan UKM", "Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pekerjaan Umum",
    "Dinas Pertanian", "Dinas Perhubungan", "Dinas Lingkungan Hidup", "Dinas Pariwisata",
    "Dinas Sosial", "Dinas Tenaga Kerja", "Badan Pendapatan Daerah", "Badan Perencanaan",
]  # fmt: skip
PER_PEMDA = 36


def _phrase(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


class Command(BaseCommand):
    help = "Build a national-size database with bulk inserts (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=100)
        parser.add_argument("--indicators", type=int, default=20, help="IKU per document")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--cascade",
            type=int,
            default=0,
            metavar="DINAS",
            help="Also a province with this many dinas of 5 bidang each, every document with 5 "
            "sasaran linked to the level above (the pohon kinerja at scale).",
        )

    def handle(self, *args, units, indicators, seed, batch, cascade=0, **options):
        rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
        started = time.perf_counter()
        step = lambda what: self.stdout.write(f"{time.perf_counter() - started:7.1f} s  {what}")  # noqa: E731
        with transaction.atomic():
            opd = self._units(units, rng, batch)
            step(f"{len(opd)} units under {max(1, -(-units // PER_PEMDA))} pemda")
            users = self._users(opd, batch)
            step(f"{len(users)} users and memberships")
            documents, revisions = self._documents(opd, batch)
            step(f"{len(documents) + len(revisions)} documents ({len(revisions)} revisions)")
            count = self._trees(documents + revisions, indicators, rng, batch)
            step(f"{count} IKU with 5 yearly targets each")
            self._sign(documents, revisions, users, batch)
            step("documents signed (status, steps, signed versions)")
            if cascade:
                count = self._cascade(cascade, rng, batch)
                step(f"a province of {cascade} dinas × 5 bidang: {count} sasaran linked upward")
        if connection.vendor == "postgresql":
            # What autovacuum does to a live database, done now: a database measured straight
            # after its bulk load has its signed documents' old row versions still in place, no
            # visibility map (no index-only scans) and every new name in the trigram indexes'
            # pending list, which each search reads whole (docs/PERFORMANCE.md, "National scale").
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            step("VACUUM ANALYZE")

    def _units(self, count, rng, batch):
        pemda_count = max(1, -(-count // PER_PEMDA))
        OrganizationUnit.objects.bulk_create(
            [
                OrganizationUnit(
                    name=f"Pemerintah Kabupaten Skala {n:05d}",
                    kind="pemkab",
                    government=f"Kabupaten Skala {n:05d}",
                )
                for n in range(pemda_count)
            ],
            batch_size=batch,
        )
        pemda = list(
            OrganizationUnit.objects.filter(
                kind="pemkab", name__startswith="Pemerintah Kabupaten Skala"
            ).order_by("id")
        )
        OrganizationUnit.objects.bulk_create(
            [
                OrganizationUnit(
                    name=f"{DINAS[n % len(DINAS)]} {_phrase(rng, 1).title()} Skala {n:05d}",
                    kind="dinas",
                    parent=pemda[n // PER_PEMDA],
                    government=pemda[n // PER_PEMDA].government,
                )
                for n in range(count)
            ],
            batch_size=batch,
        )
        return list(OrganizationUnit.objects.filter(parent__in=pemda).order_by("id"))

    def _users(self, opd, batch):
        User = get_user_model()
        password = make_password(secrets.token_urlsafe(16))  # nobody logs in with these
        User.objects.bulk_create(
            [
                User(username=f"skala{unit.pk}.{role}", password=password)
                for unit in opd
                for role in Membership.Role.values
            ],
            batch_size=batch,
        )
        users = {u.username: u for u in User.objects.filter(username__startswith="skala")}
        Membership.objects.bulk_create(
            [
                Membership(user=users[f"skala{unit.pk}.{role}"], unit=unit, role=role)
                for unit in opd
                for role in Membership.Role.values
            ],
            batch_size=batch,
        )
        return users

    def _documents(self, opd, batch):
        IKUDocument.objects.bulk_create(
            [
                IKUDocument(unit=u, period_start=2021, period_end=2025, layout="ringkas")
                for u in opd
            ],
            batch_size=batch,
        )
        documents = list(IKUDocument.objects.filter(unit__in=opd, revision=0).order_by("id"))
        IKUDocument.objects.bulk_create(
            [
                IKUDocument(
                    unit_id=d.unit_id,
                    period_start=2021,
                    period_end=2025,
                    revision=1,
                    revises=d,
                    layout="ringkas",
                )
                for d in documents[::10]
            ],
            batch_size=batch,
        )
        revisions = list(IKUDocument.objects.filter(unit__in=opd, revision=1).order_by("id"))
        return documents, revisions

    def _trees(self, documents, per_document, rng, batch):
        Goal.objects.bulk_create(
            [
                Goal(document=d, order=g, text=f"Tujuan {_phrase(rng, 5)}")
                for d in documents
                for g in range(2)
            ],
            batch_size=batch,
        )
        goals = {}
        for goal in Goal.objects.filter(document__in=documents).only("pk", "document_id", "order"):
            goals[(goal.document_id, goal.order)] = goal.pk
        StrategicTarget.objects.bulk_create(
            [
                StrategicTarget(
                    document=d,
                    goal_id=goals[(d.pk, s // 2)],
                    order=s,
                    text=f"Meningkatnya {_phrase(rng, 4)}",
                )
                for d in documents
                for s in range(4)
            ],
            batch_size=batch,
        )
        targets = {}
        for target in StrategicTarget.objects.filter(document__in=documents).only(
            "pk", "document_id", "order"
        ):
            targets[(target.document_id, target.order)] = target.pk
        Indicator.objects.bulk_create(
            [
                Indicator(
                    document=d,
                    strategic_target_id=targets[(d.pk, i % 4)],
                    order=i,
                    name=f"Persentase {_phrase(rng, 4)}",
                    satuan="%",
                    formula=f"Jumlah {_phrase(rng, 2)} / Jumlah {_phrase(rng, 2)} × 100%",
                    data_source="Bidang Perencanaan",
                    responsible="Sekretariat",
                )
                for d in documents
                for i in range(per_document)
            ],
            batch_size=batch,
        )
        count = 0
        pending = []
        for pk in (
            Indicator.objects.filter(document__in=documents)
            .values_list("pk", flat=True)
            .iterator(chunk_size=batch)
        ):
            pending.extend(
                YearlyTarget(indicator_id=pk, year=y, value=50 + y - 2021)
                for y in range(2021, 2026)
            )
            count += 1
            if len(pending) >= batch:
                YearlyTarget.objects.bulk_create(pending, batch_size=batch)
                pending = []
        YearlyTarget.objects.bulk_create(pending, batch_size=batch)
        return count

    def _cascade(self, dinas_count, rng, batch) -> int:
        """A province, `dinas_count` dinas under it and 5 bidang under each, every unit with a
        signed document (2021-2025) of 5 sasaran, one IKU each. A dinas's sasaran supports the
        province's of the same place (the last two the fourth), a bidang's its dinas's alike,
        so that the last sasaran of every document is supported by nobody; in one unit of ten
        the last sasaran supports nothing (the gaps the alignment counts). Returns the number
        of linked sasaran."""
        province = OrganizationUnit.objects.create(
            name="Pemerintah Provinsi Cascading Skala", kind="pemprov", government="Provinsi Skala"
        )
        OrganizationUnit.objects.bulk_create(
            [
                OrganizationUnit(
                    name=f"{DINAS[n % len(DINAS)]} Cascading {n:03d}",
                    kind="dinas",
                    parent=province,
                    government=province.government,
                )
                for n in range(dinas_count)
            ]
        )
        dinas = list(province.children.order_by("id"))
        OrganizationUnit.objects.bulk_create(
            [
                OrganizationUnit(
                    name=f"Bidang {b + 1} {unit.name}",
                    kind="bidang",
                    parent=unit,
                    government=province.government,
                )
                for unit in dinas
                for b in range(5)
            ],
            batch_size=batch,
        )
        bidang = list(OrganizationUnit.objects.filter(parent__in=dinas).order_by("id"))
        levels = [[province], dinas, bidang]
        everything = [unit for level in levels for unit in level]
        users = self._users(everything, batch)
        IKUDocument.objects.bulk_create(
            [
                IKUDocument(unit=u, period_start=2021, period_end=2025, layout="ringkas")
                for u in everything
            ],
            batch_size=batch,
        )
        documents = {
            d.unit_id: d for d in IKUDocument.objects.filter(unit__in=everything).order_by("id")
        }
        unit_of = {d.pk: unit_id for unit_id, d in documents.items()}
        targets = {}  # unit id -> its 5 sasaran, in order
        linked = 0
        for units in levels:
            rows = []
            for index, unit in enumerate(units):
                above = targets.get(unit.parent_id)
                for s in range(5):
                    gap = s == 4 and index % 10 == 0
                    supports = above[min(s, 3)] if above and not gap else None
                    linked += supports is not None
                    rows.append(
                        StrategicTarget(
                            document=documents[unit.pk],
                            order=s,
                            text=f"Meningkatnya {_phrase(rng, 4)}",
                            supports=supports,
                        )
                    )
            StrategicTarget.objects.bulk_create(rows, batch_size=batch)
            for target in StrategicTarget.objects.filter(
                document__unit__in=units, document__revision=0
            ).order_by("document_id", "order"):
                targets.setdefault(unit_of[target.document_id], []).append(target)
        Indicator.objects.bulk_create(
            [
                Indicator(
                    document_id=target.document_id,
                    strategic_target=target,
                    order=0,
                    name=f"Persentase {_phrase(rng, 4)}",
                    satuan="%",
                    data_source="Bidang Perencanaan",
                    responsible="Sekretariat",
                )
                for unit_targets in targets.values()
                for target in unit_targets
            ],
            batch_size=batch,
        )
        YearlyTarget.objects.bulk_create(
            [
                YearlyTarget(indicator_id=pk, year=y, value=50 + y - 2021)
                for pk in Indicator.objects.filter(document__in=documents.values()).values_list(
                    "pk", flat=True
                )
                for y in range(2021, 2026)
            ],
            batch_size=batch,
        )
        self._sign(list(documents.values()), [], users, batch)
        return linked

    def _sign(self, documents, revisions, users, batch):
        pdf = b"%PDF-1.4\n% IKU Portal scale sample\n%%EOF\n"
        path = "scale/sample.pdf"
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(pdf))
        sha = hashlib.sha256(pdf).hexdigest()
        signed_at = datetime(2021, 3, 1, tzinfo=UTC)
        revised = {r.revises_id for r in revisions}
        everything = documents + revisions
        kepala = {d.pk: users[f"skala{d.unit_id}.kepala"] for d in everything}
        staf = {d.pk: users[f"skala{d.unit_id}.staf"] for d in everything}
        DocumentTransition.objects.bulk_create(
            [
                DocumentTransition(
                    document=d,
                    from_status=a,
                    to_status=b,
                    user=(staf if a == IKUDocument.Status.DRAFT else kepala)[d.pk],
                )
                for d in everything
                for a, b in ((Draft, Submitted), (Submitted, Signed))
            ]
            + [
                DocumentTransition(
                    document_id=pk,
                    from_status=Signed,
                    to_status=IKUDocument.Status.SUPERSEDED,
                    user=kepala[pk],
                )
                for pk in revised
            ],
            batch_size=batch,
        )
        SignedVersion.objects.bulk_create(
            [
                SignedVersion(
                    document=d,
                    code=f"S{d.pk:06d}-{secrets.token_hex(3).upper()}"[:20],
                    signed_by=kepala[d.pk],
                    signed_at=signed_at,
                    snapshot={"document": {"heading": "INDIKATOR KINERJA UTAMA"}},
                    pdf=path,
                    sha256=sha,
                )
                for d in everything
            ],
            batch_size=batch,
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            update = "UPDATE indicators_ikudocument SET status = %s WHERE id = %s"
            cursor.executemany(update, [(Signed, d.pk) for d in everything])
            cursor.executemany(update, [(IKUDocument.Status.SUPERSEDED, pk) for pk in revised])
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
