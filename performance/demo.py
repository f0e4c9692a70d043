"""Demo figures, so that `make run` shows every state of measuring: the Sumsel and Jambi demo
documents signed with yearly targets; realisasi for 2022 (approved) and 2023 (awaiting
approval) in Sumsel and part of 2022 in Jambi (open, for a user to finish); and a small IKU
document of a Sumsel bidang with a lower-is-better IKU and a range target. Safe to run again:
what exists is left as it is."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from agreements.demo import load_agreements
from indicators.cascading import demo as cascading
from indicators.demo.loader import demo_unit
from indicators.models import IKUDocument, Indicator, StrategicTarget, YearlyTarget
from indicators.tree import services as document_services
from indicators.workflow import services as workflow
from indicators.workflow.signing import document_sign
from organizations.models import Membership, Official
from performance import services
from performance.models import Realisasi
from performance.selectors import periods_of

# Targets by IKU name: {year: value or (low, high)}.
SUMSEL_TARGETS = {
    "Jumlah UMKM Naik Kelas": {2019: 100, 2020: 120, 2021: 140, 2022: 160, 2023: 180},
    "Jumlah Kenaikan Wirausaha Baru": {2019: 500, 2020: 550, 2021: 600, 2022: 650, 2023: 700},
    "Prosentase Pertumbuhan Modal Koperasi": {y: Decimal("2.5") for y in range(2019, 2024)},
    "Jumlah Koperasi Aktif": {2019: 2800, 2020: 2900, 2021: 3000, 2022: 3100, 2023: 3200},
    "Prosentase Meningkatnya Koperasi yang berkualitas": dict.fromkeys(range(2019, 2024), 5),
    "Prosentase Meningkatnya Usaha Kecil yang menjadi Wirausaha": {
        y: Decimal("1.5") for y in range(2019, 2024)
    },
}
SUMSEL_2022 = {
    "Jumlah UMKM Naik Kelas": 172,
    "Jumlah Kenaikan Wirausaha Baru": 598,
    "Prosentase Pertumbuhan Modal Koperasi": Decimal("2.75"),
    "Jumlah Koperasi Aktif": 3043,
    "Prosentase Meningkatnya Koperasi yang berkualitas": Decimal("4.2"),
    "Prosentase Meningkatnya Usaha Kecil yang menjadi Wirausaha": Decimal("1.1"),
}
SUMSEL_2023 = {
    "Jumlah UMKM Naik Kelas": 185,
    "Jumlah Kenaikan Wirausaha Baru": 640,
    "Prosentase Pertumbuhan Modal Koperasi": Decimal("2.4"),
    "Jumlah Koperasi Aktif": 3180,
}
JAMBI_TARGETS = {
    "Persentase Koperasi Berkualitas": {
        y: Decimal(v) for y, v in zip(range(2021, 2027), [10, 12, 14, 16, 18, 20], strict=True)
    },
    "Persentase Usaha Kecil menjadi Wirausaha": {
        y: Decimal(v)
        for y, v in zip(range(2021, 2027), ["2", "2.5", "3", "3.5", "4", "4.5"], strict=True)
    },
    "Nilai SAKIP": {
        y: Decimal(v)
        for y, v in zip(range(2021, 2027), ["70", "72.5", "75", "77.5", "80", "82.5"], strict=True)
    },
    "Nilai Kepuasan Masyarakat": {y: (Decimal(80), Decimal(90)) for y in range(2021, 2027)},
}
JAMBI_2022 = {"Persentase Koperasi Berkualitas": Decimal("12.4"), "Nilai SAKIP": Decimal("71.32")}

BIDANG = "Bidang Pengawasan dan Pemeriksaan"
BIDANG_IKU = [
    {
        "name": "Persentase Koperasi yang Tidak Sehat",
        "satuan": "%",
        "formula": "Jumlah Koperasi Tidak Sehat / Jumlah Koperasi Diperiksa × 100%",
        "direction": Indicator.Direction.LOWER,
        "targets": {
            y: Decimal(v) for y, v in zip(range(2021, 2026), ["9", "8", "7", "6", "5"], strict=True)
        },
        "realisasi": {2022: Decimal("7.4")},
    },
    {
        "name": "Indeks Kepatuhan Koperasi terhadap Pemeriksaan",
        "satuan": "indeks",
        "formula": "",
        "direction": Indicator.Direction.HIGHER,
        "targets": {y: (Decimal(80), Decimal(90)) for y in range(2021, 2026)},
        "realisasi": {2022: Decimal("92")},
    },
]


def _url(code: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("indicators:verify", args=[code])


def _set_targets(document, table) -> None:
    for indicator in document.indicators.all():
        for year, value in table.get(indicator.name, {}).items():
            low, high = value if isinstance(value, tuple) else (Decimal(value), None)
            YearlyTarget.objects.get_or_create(
                indicator=indicator, year=year, defaults={"value": low, "value_upper": high}
            )


# How some demo IKU are reported and summed, set before their document is signed: a kumulatif
# IKU (its Rencana Aksi splits the year over the triwulan), and a Jambi IKU reported each
# triwulan (its Q1 is measured against the Rencana Aksi a user makes for the PK 2022).
DEMO_KINDS = {
    "sumsel": {
        "Jumlah UMKM Naik Kelas": {"calculation_type": Indicator.CalculationType.CUMULATIVE}
    },
    "jambi": {
        "Persentase Usaha Kecil menjadi Wirausaha": {"frequency": Indicator.Frequency.QUARTERLY}
    },
}


def _set_kinds(document, kinds: dict) -> None:
    for name, fields in kinds.items():
        document.indicators.filter(name=name).update(**fields)


def _sign(document, staf, kepala) -> None:
    if document.status == IKUDocument.Status.DRAFT:
        workflow.document_submit(document=document, user=staf)
        document_sign(document=document, user=kepala, verification_url=_url)


def _record(document, year, values, user) -> None:
    for indicator in document.indicators.all():
        if indicator.name in values:
            kind, _count = periods_of(indicator)
            services.realisasi_save(
                indicator=indicator,
                year=year,
                number=1,
                user=user,
                value=Decimal(values[indicator.name]),
                version=_version(indicator, year, kind),
            )


def _version(indicator, year, kind):
    figure = Realisasi.objects.filter(
        indicator_id=indicator.lineage_id, year=year, kind=kind, number=1
    ).first()
    return figure.version if figure else None


def _bidang_document(parent, staf, kepala) -> IKUDocument | None:
    bidang = parent.children.filter(name=BIDANG).first()
    if bidang is None:
        return None
    for user, role in ((staf, Membership.Role.STAF), (kepala, Membership.Role.KEPALA)):
        Membership.objects.get_or_create(user=user, unit=bidang, defaults={"role": role})
        user.__dict__.pop("_unit_roles", None)  # the roles cached on the user are stale now
    document = IKUDocument.objects.filter(unit=bidang).first()
    if document is not None:
        return document
    official = bidang.officials.first() or Official.objects.create(
        unit=bidang,
        kind=Official.Kind.ASN,
        name="Drs. KEPALA BIDANG CONTOH, M.Si",
        nip="197001011995031001",
        golongan="IV/a",
        jabatan="Kepala Bidang Pengawasan dan Pemeriksaan",
    )
    document = IKUDocument(
        unit=bidang,
        period_start=2021,
        period_end=2025,
        layout="ringkas",
        signatory=official,
        signature_place="Palembang",
    )
    document_services.document_create(document=document, user=staf)
    target = StrategicTarget.objects.create(
        document=document, order=0, text="Meningkatnya kesehatan koperasi yang diperiksa"
    )
    for order, item in enumerate(BIDANG_IKU):
        indicator = Indicator.objects.create(
            document=document,
            strategic_target=target,
            order=order,
            name=item["name"],
            satuan=item["satuan"],
            formula=item["formula"],
            direction=item["direction"],
            data_source=BIDANG,
            responsible=BIDANG,
        )
        for year, value in item["targets"].items():
            low, high = value if isinstance(value, tuple) else (value, None)
            YearlyTarget.objects.create(indicator=indicator, year=year, value=low, value_upper=high)
    return document


@transaction.atomic
def load_figures(stdout=None) -> list[str]:
    """Returns what it did, a line each."""
    done = []
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__contains=".")}
    for slug, targets in (("sumsel", SUMSEL_TARGETS), ("jambi", JAMBI_TARGETS)):
        staf, kepala = users.get(f"{slug}.staf"), users.get(f"{slug}.kepala")
        unit = demo_unit(slug)
        document = (
            IKUDocument.objects.filter(unit=unit).order_by("period_start", "revision").first()
            if unit
            else None
        )
        if not (staf and kepala and document):
            done.append(f"{slug}: no demo document or logins; run load_demo first (with DEBUG)")
            continue
        if document.status != IKUDocument.Status.DRAFT:
            done.append(f"{slug}: already signed, left unchanged")
            continue
        _set_targets(document, targets)
        _set_kinds(document, DEMO_KINDS[slug])
        if slug == "sumsel":
            done += cascading.link_dinas(document, users)
        _sign(document, staf, kepala)
        done.append(f"{slug}: targets set and signed")
        if slug == "sumsel":
            _record(document, 2022, SUMSEL_2022, staf)
            period = services.period_for(unit, 2022, 0)
            services.period_submit(period=period, user=staf)
            services.period_approve(period=period, user=kepala)
            _record(document, 2023, SUMSEL_2023, staf)
            services.period_submit(period=services.period_for(unit, 2023, 0), user=staf)
            done.append("sumsel: realisasi 2022 approved, 2023 awaiting approval")
            bidang_document = _bidang_document(unit, staf, kepala)
            if bidang_document is not None and bidang_document.status == IKUDocument.Status.DRAFT:
                cascading.link_bidang(bidang_document, document, staf)
                _sign(bidang_document, staf, kepala)
                for item in BIDANG_IKU:
                    _record(bidang_document, 2022, {item["name"]: item["realisasi"][2022]}, staf)
                done.append("sumsel bidang: lower-is-better and range IKU, realisasi 2022 open")
        else:
            _record(document, 2022, JAMBI_2022, staf)
            done.append("jambi: realisasi 2022 begun, open for the staf to finish")
    done += load_agreements(users)
    return done
