"""The cascading of the demo: the Sumatera Selatan province's RPJMD sasaran at the top (signed,
then revised by a Perubahan), the Dinas Koperasi's sasaran and one of its bidang's linked below
them, and one gap of each kind for the alignment pages to show:

- belum di-cascade: the province's sasaran on poverty, which no dinas supports;
- tidak selaras: a second sasaran of the bidang, linked to nothing;
- perlu ditautkan ulang: the Dinas Perindustrian's sasaran, still linked to the province's
  first version (superseded by its Perubahan); the lineage proposes where it goes now.

Called by `performance.demo.load_figures` around the signing of the dinas's and the bidang's
documents (links are part of a document: they are made on the draft, then frozen with it).
Safe to run again: what exists is left as it is."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from indicators.cascading import services as links
from indicators.demo.loader import DEMO_PASSWORD
from indicators.models import IKUDocument, Indicator, StrategicTarget, YearlyTarget
from indicators.tree import services as document_services
from indicators.workflow import services as workflow
from indicators.workflow.signing import document_sign
from organizations.models import Membership, Official, OrganizationUnit

YEARS = range(2019, 2024)
LOWER = Indicator.Direction.LOWER

# The province's RPJMD sasaran: text, then its IKU as (name, satuan, direction, targets by
# year as first signed, the targets the Perubahan changes).
PROVINCE_TARGETS = [
    (
        "Meningkatnya ekonomi kerakyatan yang inklusif",
        "Laju Pertumbuhan Ekonomi",
        "%",
        Indicator.Direction.HIGHER,
        dict(zip(YEARS, ["5.8", "6.0", "6.2", "6.4", "6.6"], strict=True)),
        {2020: "1.0", 2021: "3.5", 2022: "5.0", 2023: "5.2"},
    ),
    (
        "Meningkatnya daya saing industri daerah",
        "Kontribusi Sektor Industri Pengolahan terhadap PDRB",
        "%",
        Indicator.Direction.HIGHER,
        dict(zip(YEARS, ["19.5", "19.8", "20.1", "20.4", "20.7"], strict=True)),
        {},
    ),
    (
        "Menurunnya tingkat kemiskinan",
        "Persentase Penduduk Miskin",
        "%",
        LOWER,
        dict(zip(YEARS, ["12.4", "12.0", "11.6", "11.2", "10.8"], strict=True)),
        {2021: "12.6", 2022: "12.2", 2023: "11.8"},
    ),
]
INDUSTRY = "Dinas Perindustrian Provinsi Sumatera Selatan"
INDUSTRY_TARGET = "Meningkatnya pertumbuhan industri kecil dan menengah"
INDUSTRY_IKU = ("Pertumbuhan Jumlah Industri Kecil dan Menengah", "%")
BIDANG_UNLINKED = "Meningkatnya kualitas laporan hasil pemeriksaan koperasi"
BIDANG_UNLINKED_IKU = ("Persentase Laporan Pemeriksaan yang Ditindaklanjuti", "%")


def _login(username: str, unit: OrganizationUnit, role: str):
    """A demo login of `unit` (the demo's password), as `load_demo` makes them."""
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, unit=unit, defaults={"role": role})
    return user


def _sign(document: IKUDocument, staf, kepala) -> IKUDocument:
    if document.status == IKUDocument.Status.DRAFT:
        workflow.document_submit(document=document, user=staf)
        document_sign(document=document, user=kepala)
    return IKUDocument.objects.get(pk=document.pk)


def _indicator(document, target, name, satuan, direction, targets, responsible):
    indicator = Indicator.objects.create(
        document=document,
        strategic_target=target,
        order=0,
        name=name,
        satuan=satuan,
        direction=direction,
        data_source="Badan Pusat Statistik",
        responsible=responsible,
    )
    YearlyTarget.objects.bulk_create(
        YearlyTarget(indicator=indicator, year=year, value=Decimal(value))
        for year, value in targets.items()
    )
    return indicator


def _draft(unit, user, *, signatory, period=(2019, 2023)) -> IKUDocument:
    return document_services.document_create(
        document=IKUDocument(
            unit=unit,
            period_start=period[0],
            period_end=period[1],
            layout="ringkas",
            signatory=signatory,
            signature_place="Palembang",
        ),
        user=user,
    )


def _province_first(province, staf, kepala) -> IKUDocument:
    """The RPJMD IKU of the province as first signed."""
    document = IKUDocument.objects.filter(unit=province).order_by("revision").first()
    if document is None:
        document = _draft(province, staf, signatory=province.officials.head())
        for order, (text, name, satuan, direction, targets, _changed) in enumerate(
            PROVINCE_TARGETS
        ):
            target = StrategicTarget.objects.create(document=document, order=order, text=text)
            _indicator(document, target, name, satuan, direction, targets, "Bappeda")
    return _sign(document, staf, kepala)


def _industry(province, first) -> None:
    """A second dinas under the province whose sasaran links to the first version of the
    province's document: after the Perubahan, a link to relink."""
    unit = province.children.filter(name=INDUSTRY).first()
    if unit is None:
        unit = OrganizationUnit.objects.create(
            name=INDUSTRY,
            short_name="Disperindag Sumsel",
            kind=OrganizationUnit.Kind.DINAS,
            parent=province,
            government=province.government,
            seat_city=province.seat_city,
        )
    if IKUDocument.objects.filter(unit=unit).exists():
        return
    staf = _login("perindustrian.staf", unit, Membership.Role.STAF)
    kepala = _login("perindustrian.kepala", unit, Membership.Role.KEPALA)
    official = unit.officials.head() or Official.objects.create(
        unit=unit,
        kind=Official.Kind.ASN,
        name="Ir. KEPALA DINAS CONTOH, M.T.",
        nip="196801011994031002",
        golongan="IV/c",
        jabatan="Kepala Dinas Perindustrian",
    )
    document = _draft(unit, staf, signatory=official)
    target = StrategicTarget.objects.create(document=document, order=0, text=INDUSTRY_TARGET)
    _indicator(
        document,
        target,
        *INDUSTRY_IKU,
        Indicator.Direction.HIGHER,
        dict(zip(YEARS, ["3.0", "3.2", "3.4", "3.6", "3.8"], strict=True)),
        INDUSTRY,
    )
    upper = first.strategic_targets.get(text=PROVINCE_TARGETS[1][0])
    links.strategic_target_link(target=target, upper=upper, user=staf)
    _sign(document, staf, kepala)


def _province_revision(first, staf, kepala) -> IKUDocument:
    """The Perubahan of the RPJMD IKU (targets changed after the pandemic), signed."""
    revision = first.revisions.order_by("-revision").first()
    if revision is None:
        revision = workflow.document_start_revision(document=first, user=staf)
        for text, _name, _satuan, _direction, _targets, changed in PROVINCE_TARGETS:
            for year, value in changed.items():
                YearlyTarget.objects.filter(
                    indicator__strategic_target__document=revision,
                    indicator__strategic_target__text=text,
                    year=year,
                ).update(value=Decimal(value))
    return _sign(revision, staf, kepala)


def link_dinas(document: IKUDocument, users: dict) -> list[str]:
    """Before the Sumsel dinas's draft is signed: the province's documents (first version, the
    Dinas Perindustrian's link to it, the Perubahan), then the dinas's sasaran linked to the
    province's in force."""
    province = document.unit.parent
    staf, kepala = users.get("sumselprov.staf"), users.get("sumselprov.kepala")
    if province is None or not (staf and kepala) or document.status != IKUDocument.Status.DRAFT:
        return []
    first = _province_first(province, staf, kepala)
    _industry(province, first)
    in_force = _province_revision(first, staf, kepala)
    upper = in_force.strategic_targets.get(text=PROVINCE_TARGETS[0][0])
    for target in document.strategic_targets.filter(supports=None):
        links.strategic_target_link(target=target, upper=upper, user=users["sumsel.staf"])
    return [
        "sumsel province: RPJMD sasaran signed and revised; the dinas's sasaran linked to it; "
        "Dinas Perindustrian left linked to the superseded version (logins "
        "perindustrian.staf, perindustrian.kepala)"
    ]


def link_bidang(document: IKUDocument, upper_document: IKUDocument, staf) -> None:
    """Before the bidang's draft is signed: its sasaran linked to the dinas's, and a second
    sasaran that supports nothing."""
    if document.status != IKUDocument.Status.DRAFT:
        return
    upper = upper_document.strategic_targets.order_by("order", "id").first()
    for target in document.strategic_targets.filter(supports=None):
        links.strategic_target_link(target=target, upper=upper, user=staf)
    if not document.strategic_targets.filter(text=BIDANG_UNLINKED).exists():
        target = StrategicTarget.objects.create(document=document, order=1, text=BIDANG_UNLINKED)
        _indicator(
            document,
            target,
            *BIDANG_UNLINKED_IKU,
            Indicator.Direction.HIGHER,
            dict(zip(range(2021, 2026), ["70", "75", "80", "85", "90"], strict=True)),
            document.unit.name,
        )
