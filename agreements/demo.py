"""Demo Perjanjian Kinerja, so that `make run` shows them: the Sumsel dinas's PK 2022, with two
programs and their anggaran, signed by its kepala as pihak pertama and the governor's hand
signature recorded, and its Rencana Aksi adopted; and a draft PK 2023 of the Jambi dinas
(2022 is left for a user to start).
Run after the demo IKU documents are signed (`performance.demo`). Safe to run again: what
exists is left as it is."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services, signing
from agreements.models import AgreementProgram, PerformanceAgreement
from core.rendering import engine
from indicators.demo.loader import demo_unit
from indicators.models import Indicator

SUMSEL_PROGRAMS = [
    (
        "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)",
        Decimal("1250000000"),
        "APBD 2022",
    ),
    ("Program Pengawasan dan Pemeriksaan Koperasi", Decimal("475500000"), "APBD 2022"),
]
# The page pihak kedua signed by hand, as a stand-in for its scan.
SCAN_HTML = (
    "<p style='font: 12pt sans-serif'>Contoh pindaian: halaman Perjanjian Kinerja 2022 yang "
    "ditandatangani Gubernur Sumatera Selatan (data demo).</p>"
)


def load_agreements(users: dict) -> list[str]:
    """Returns what it did, a line each."""
    done = []
    sumsel = demo_unit("sumsel")
    staf, kepala = users.get("sumsel.staf"), users.get("sumsel.kepala")
    if sumsel and staf and kepala:
        if PerformanceAgreement.objects.filter(unit=sumsel, year=2022).exists():
            done.append("sumsel: PK 2022 already there, left unchanged")
        else:
            _sumsel_pk(sumsel, staf, kepala)
            done.append(
                "sumsel: PK 2022 with two programs, signed by both parties; its Rencana Aksi"
            )
    jambi = demo_unit("jambi")
    jambi_staf = users.get("jambi.staf")
    if jambi and jambi_staf:
        if PerformanceAgreement.objects.filter(unit=jambi).exists():
            done.append("jambi: PK already there, left unchanged")
        else:
            services.agreement_start(unit=jambi, year=2023, user=jambi_staf)
            done.append("jambi: draft PK 2023 (2022 left for a user to start)")
    return done


def _sumsel_pk(unit, staf, kepala) -> None:
    agreement = services.agreement_start(unit=unit, year=2022, user=staf)
    agreement.second_party_name = "H. HERMAN DERU, S.H., M.M."
    agreement.second_party_nip = ""
    agreement.second_party_pangkat = ""
    agreement.second_party_position = "Gubernur Sumatera Selatan"
    agreement.place, agreement.date = "Palembang", datetime.date(2022, 1, 10)
    services.agreement_parties_update(agreement=agreement, version=agreement.version)
    for name, budget, note in SUMSEL_PROGRAMS:
        services.agreement_program_save(
            program=AgreementProgram(
                agreement=agreement,
                level=AgreementProgram.Level.PROGRAM,
                name=name,
                budget=budget,
                note=note,
            ),
            version=None,
        )
    signing.agreement_submit(agreement=agreement, user=staf)
    signing.first_party_sign(agreement=agreement, user=kepala)
    _action_plan(agreement, staf, kepala)
    scan = engine.html_to_pdf(SCAN_HTML)
    signing.agreement_countersign(
        agreement=agreement,
        user=kepala,
        name=agreement.second_party_name,
        signed_on=agreement.date + datetime.timedelta(days=4),  # as the scan's page is dated
        scan=SimpleUploadedFile("pindaian.pdf", scan, content_type="application/pdf"),
    )


# The Rencana Aksi 2022 of the Sumsel PK: a kumulatif IKU's year split over the four triwulan,
# another IKU's level held each triwulan; an activity for two of them.
CUMULATIVE = Indicator.CalculationType.CUMULATIVE
PLAN_ACTIVITIES = {
    "Jumlah UMKM Naik Kelas": ("Pendampingan UMKM menuju naik kelas", "Bidang UMKM", (1, 2, 3)),
    "Jumlah Koperasi Aktif": (
        "Pembinaan dan pengawasan koperasi",
        "Bidang Pengawasan dan Pemeriksaan",
        (1, 2, 3, 4),
    ),
}


def _action_plan(agreement, staf, kepala) -> None:
    from agreements.action_plans import services as plans
    from agreements.models import PlannedActivity

    agreement = PerformanceAgreement.objects.get(pk=agreement.pk)
    plan = plans.action_plan_start(agreement=agreement, user=staf)
    for indicator in agreement.indicators.filter(left_out=False):
        year = indicator.target_value
        if year is None or indicator.target_value_upper is not None:
            continue
        if indicator.indicator and indicator.indicator.calculation_type == CUMULATIVE:
            quarter = (year / 4).quantize(Decimal("0.01"))  # the parts of the year
            values = {1: quarter, 2: quarter, 3: quarter, 4: year - 3 * quarter}
        else:
            values = dict.fromkeys((1, 2, 3, 4), year)  # the level to hold each triwulan
        plans.quarter_targets_save(plan=plan, indicator=indicator, values=values, user=staf)
        if indicator.name in PLAN_ACTIVITIES:
            name, responsible, quarters = PLAN_ACTIVITIES[indicator.name]
            plans.activity_save(
                activity=PlannedActivity(
                    plan=plan,
                    indicator=indicator,
                    name=name,
                    responsible=responsible,
                    **{f"in_q{q}": True for q in quarters},
                ),
                version=None,
                user=staf,
            )
    plans.action_plan_adopt(plan=plan, user=kepala)
