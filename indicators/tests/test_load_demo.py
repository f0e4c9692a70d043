"""load_demo puts every piece of the two example documents in the field it belongs to.

The expected strings are copied from the example texts in docs/examples/ and each is also
checked against that text, so a typo on either side fails the test.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from indicators.models import IKUDocument
from indicators.tree.selectors import document_tree
from organizations.models import Membership, OrganizationUnit

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def _flat(text: str) -> str:
    text = re.sub(r"<[^>]+>|▪", " ", text)
    return re.sub(r"\s+", " ", text).strip()


SUMSEL_TEXT = _flat((EXAMPLES / "iku-sumsel-2019-2023-perubahan.txt").read_text())
JAMBI_TEXT = _flat((EXAMPLES / "iku-jambi.txt").read_text())


def in_example(example: str, *strings: str) -> None:
    for s in strings:
        assert _flat(s) in example, f"not in the example: {s!r}"


def _load(**kwargs):
    out = StringIO()
    call_command("load_demo", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        _load()


def _doc(government):
    document = IKUDocument.objects.get(unit__government=government, unit__kind="dinas")
    return document, document_tree(document=document)


def test_sumsel_document_field_by_field(demo):
    document, tree = _doc("Provinsi Sumatera Selatan")
    unit = document.unit
    expected_unit = "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sumatera Selatan"
    tugas = (
        "Membantu Gubernur menyelenggarakan urusan pemerintahan yang menjadi kewenangan "
        "pemerintah provinsi di bidang Koperasi, Usaha Kecil dan Menengah"
    )
    functions = [
        "Pelaksanaan Pembinaan Umum Berdasarkan Kebijakan Yang ditetapkan dan Kebijakan Teknis;",
        "Pelaksanaan Pembinaan Teknis dibidang Koperasi, Usaha Kecil dan Menengah;",
        "Pelaksanaan Proses Pengesahan Pengadministrasian Badan Hukum Koperasi;",
        "Pengkoordinasian Kegiatan dan Fasilitasi di Bidang Pengembangan Koperasi Usaha Kecil "
        "dan Menengah;",
        "Pengkoordinasian, Penatausahaan, Pemanfaatan dan Pengamanan Barang Milik Negara/Daerah;",
        "Pembinaan Unit Pelaksanaan Teknis Dinas; dan",
        "Pelaksanaan Tugas Kedinasan Lainnya yang diberikan oleh Pimpinan.",
    ]
    in_example(SUMSEL_TEXT, expected_unit, tugas, *functions)
    assert unit.name == expected_unit
    assert unit.tugas == tugas
    assert unit.seat_city == "Palembang"
    assert [f.text for f in unit.functions.all()] == functions
    assert document.revision == 1
    assert document.layout == "lengkap"
    assert (document.period_start, document.period_end) == (2019, 2023)
    in_example(SUMSEL_TEXT, document.heading)
    assert document.heading == "PERUBAHAN INDIKATOR KINERJA UTAMA (IKU) TAHUN 2019-2023"

    [goal] = tree.goals
    in_example(SUMSEL_TEXT, goal.text)
    assert goal.text == "Meningkatkan Perekonomian yang Inklusif Berbasis Inovasi Daerah"
    assert goal.display_code == "1"
    assert [gi.text for gi in goal.indicators.all()] == [
        "Jumlah Koperasi Berkualitas",
        "Jumlah Skala UKM",
    ]
    [sasaran] = tree.strategic_targets
    assert sasaran.goal_id == goal.pk
    assert f"{sasaran.display_code} {sasaran.text}" == (
        "1.1.1 Maju ekonomi kerakyatan (meningkatnya ekonomi kerakyatan)"
    )
    in_example(SUMSEL_TEXT, f"{sasaran.display_code} {sasaran.text}")

    rows = [(f"{i.display_code} {i.name}", i.formula, i.data_source) for i in tree.indicators]
    assert rows == [
        (
            "1.1.1.1 Jumlah UMKM Naik Kelas",
            "Jumlah UMKM Naik kelas pada tahun bersangkutan",
            "Bidang Pemberdayaan Usaha Kecil",
        ),
        (
            "1.1.1.2 Jumlah Kenaikan Wirausaha Baru",
            "Jumlah wirausaha baru pada tahun bersangkutan",
            "Bidang Pemberdayaan Usaha Kecil\nBidang UPTD",
        ),
        (
            "1.1.1.3 Prosentase Pertumbuhan Modal Koperasi",
            "(Modal Sekarang - Modal Tahun Lalu) / Modal Tahun Lalu × 100%",
            "Bidang Pemberdayaan Koperasi",
        ),
        (
            "1.1.1.4 Jumlah Koperasi Aktif",
            "Jumlah Koperasi Aktif pada tahun bersangkutan",
            "Bidang Pengawasan dan Pemeriksaan\nBidang Kelembagaan",
        ),
        (
            "1.1.1.5 Prosentase Meningkatnya Koperasi yang berkualitas",
            "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan aset"
            " / Jumlah seluruh koperasi × 100%",
            "Bidang Pengawasan dan Pemeriksaan\nBidang Kelembagaan, Bidang Pemberdayaan Koperasi",
        ),
        (
            "1.1.1.6 Prosentase Meningkatnya Usaha Kecil yang menjadi Wirausaha",
            "Jumlah Usaha Kecil yang menjadi wirausaha",
            "Bidang Pemberdayaan Usaha Kecil\nBidang UPTD",
        ),
    ]
    for code_and_name, _formula, data_source in rows:
        in_example(SUMSEL_TEXT, code_and_name, data_source)
    # The two fractions: numerator and denominator are the example's own words.
    in_example(SUMSEL_TEXT, "Modal Sekarang", "Modal Tahun Lalu")
    in_example(
        SUMSEL_TEXT,
        "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan aset",
        "Jumlah seluruh koperasi",
    )
    assert {i.responsible for i in tree.indicators} == {"Dinas Koperasi, Usaha Kecil dan Menengah"}

    assert document.signature_place == "Palembang"
    assert document.signature_date.strftime("%Y-%m") == "2022-01"
    assert document.signatory_lines == ["KEPALA DINAS,"]
    official = document.signatory
    assert official.name == "H. H. AMIRUDDIN, M.Si"
    assert official.nip == "196605091992031003"
    assert official.pangkat == "Pembina Utama Madya"
    assert official.golongan == "IV/d"
    in_example(SUMSEL_TEXT, official.name, official.nip, official.pangkat, "KEPALA DINAS,")


def test_jambi_document_field_by_field(demo):
    document, tree = _doc("Provinsi Jambi")
    unit = document.unit
    tugas = (
        "Membantu Gubernur dalam rangka melaksanakan urusan pemerintahan di bidang Koperasi, "
        "Usaha Kecil dan Menengah yang menjadi Kewenangan daerah Provinsi dan Tugas Pembantuan "
        "yang ditugaskan kepada daerah Provinsi sesuai dengan peraturan perundang-undangan "
        "yang berlaku"
    )
    functions = [
        "Pelaksanaan kebijakan teknis di bidang Koperasi, Usaha Kecil dan Menengah",
        "Pengoordinasian kegiatan bidang Koperasi, Usaha Kecil dan Menengah dengan "
        "Instansi terkait",
        "Pelaksanaan urusan pemerintahan dan pelayanan umum dibidang Koperasi, Usaha Kecil dan "
        "Menengah",
        "Pelayanan fungsi lain yang diberikan oleh Gubernur sesuai dengan tugas dan fungsinya",
    ]
    in_example(JAMBI_TEXT, unit.name.upper(), tugas, *functions)
    assert unit.name.upper() == "DINAS KOPERASI, UKM PROVINSI JAMBI"
    assert unit.tugas == tugas
    assert [f.text for f in unit.functions.all()] == functions
    assert document.layout == "ringkas"
    assert document.revision == 0
    assert document.heading == "Indikator Kinerja Utama (IKU)"
    assert tree.goals == []

    sasaran = [(t.display_code, t.text) for t in tree.strategic_targets]
    assert sasaran == [
        ("1", "Terwujudnya Kapasitas Kelembagaan dan Usaha Koperasi Berkualitas"),
        ("2", "Terwujudnya UMKM Yang Mampu Berkontribusi secara Optimal pada Peningkatan PDRB"),
        (
            "3",
            "Terwujudnya Aparatur Dinas Koperasi, UKM Provinsi Jambi yang Profesional dan "
            "Berkinerja Baik",
        ),
    ]
    for code, text in sasaran:
        in_example(JAMBI_TEXT, f"{code}. {text}")

    iku = tree.indicators
    assert [(i.display_code, i.name, i.satuan) for i in iku] == [
        ("1", "Persentase Koperasi Berkualitas", "%"),
        ("2", "Persentase Usaha Kecil menjadi Wirausaha", "%"),
        ("3", "Nilai SAKIP", ""),
        ("4", "Nilai Kepuasan Masyarakat", ""),
    ]
    in_example(
        JAMBI_TEXT,
        "1. Persentase Koperasi Berkualitas ( satuan % )",
        "2. Persentase Usaha Kecil menjadi Wirausaha ( satuan % )",
        "3. Nilai SAKIP",
        "4. Nilai Kepuasan Masyarakat",
    )
    # IKU 3 and 4 share one sasaran and have no formula.
    assert iku[2].strategic_target_id == iku[3].strategic_target_id
    assert iku[2].formula == iku[3].formula == ""

    assert iku[0].formula == (
        "( Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan Aset "
        "/ Jumlah seluruh koperasi ) X 100"
    )
    assert iku[1].formula == (
        "( Jumlah Usaha Kecil yang menjadi Wirausaha / Jumlah Usaha Kecil keseluruhan ) X 100"
    )
    in_example(JAMBI_TEXT, iku[0].formula, iku[1].formula)
    assert iku[0].explanation.startswith("<p>Koperasi yang melaksanakan RAT adalah")
    assert iku[0].explanation.endswith("pasal 4 s/d 20;</p>")
    # The cell the page break split is one explanation: a list of two items.
    assert iku[1].explanation.count("<li>") == 2
    assert "bagian baik langsung maupun tidak langsung dari usaha menengah" in iku[1].explanation
    assert iku[1].explanation.endswith("NIB (Nomor Induk Berusaha)</li></ul>")
    for indicator in iku[:2]:
        in_example(JAMBI_TEXT, indicator.explanation)

    assert document.signature_place == "Jambi"
    assert document.signatory_lines == ["Kepala Dinas Koperasi dan UKM", "Provinsi Jambi"]
    official = document.signatory
    assert official.name == "HAMDAN, SH., M.Si"
    assert official.nip_display == "19630421 198503 1 008"
    assert official.golongan == "IV/c"
    in_example(JAMBI_TEXT, official.name, official.nip_display, *document.signatory_lines)


def _snapshot():
    rows = {}
    for model in [
        *apps.get_app_config("indicators").get_models(),
        *apps.get_app_config("organizations").get_models(),
    ]:
        rows[model.__name__] = sorted(map(repr, model.objects.values()))
    return rows


def test_load_demo_twice_changes_nothing(demo):
    before = _snapshot()
    with override_settings(DEBUG=True):
        output = _load()
    assert output.count("Sudah ada, tidak diubah") == 2
    assert _snapshot() == before
    assert IKUDocument.objects.count() == 2


def test_demo_logins_one_per_role_per_unit_and_printed(db):
    with override_settings(DEBUG=True):
        output = _load()
    for username in ("sumsel.staf", "sumsel.kepala", "sumselprov.kepala", "jambi.staf", "admin"):
        assert username in output
    for unit in OrganizationUnit.objects.exclude(memberships=None):
        roles = sorted(unit.memberships.values_list("role", flat=True))
        assert roles == ["kepala", "staf"]
    kepala = Membership.objects.get(user__username="jambi.kepala")
    assert kepala.role == "kepala"
    assert kepala.unit.government == "Provinsi Jambi"


def test_no_demo_logins_without_debug_or_flag(db):
    with override_settings(DEBUG=False):
        output = _load()
    assert Membership.objects.count() == 0
    assert IKUDocument.objects.count() == 2
    assert "--with-logins" in output
    with override_settings(DEBUG=False):
        _load(with_logins=True)
    assert Membership.objects.count() == 6  # staf and kepala of both dinas and the province
