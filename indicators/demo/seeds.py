"""The content of the two example IKU documents, field by field.

Sumatera Selatan: "Perubahan IKU Tahun 2019-2023" (layout lengkap, Palembang, Januari 2022).
Jambi: "Indikator Kinerja Utama (IKU)" (layout ringkas, Jambi, Januari 2022). The Jambi document
prints no period; 2021-2026 is the Renstra period of the Jambi provincial government it belongs to.
"""

import datetime

SUMSEL_UNIT = "Dinas Koperasi, Usaha Kecil dan Menengah"
SUMSEL_BIDANG = [
    ("Bidang Pemberdayaan Usaha Kecil", "bidang"),
    ("Bidang Pemberdayaan Koperasi", "bidang"),
    ("Bidang Pengawasan dan Pemeriksaan", "bidang"),
    ("Bidang Kelembagaan", "bidang"),
    ("Bidang UPTD", "uptd"),
]

SUMSEL = {
    "slug": "sumsel",
    "unit": {
        "name": "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sumatera Selatan",
        "short_name": "Dinas Koperasi dan UKM Sumsel",
        "kind": "dinas",
        "government": "Provinsi Sumatera Selatan",
        "seat_city": "Palembang",
        "tugas": (
            "Membantu Gubernur menyelenggarakan urusan pemerintahan yang menjadi kewenangan "
            "pemerintah provinsi di bidang Koperasi, Usaha Kecil dan Menengah"
        ),
    },
    "sub_units": SUMSEL_BIDANG,
    # The province above the dinas: its RPJMD sasaran are what the dinas's sasaran support
    # (cascading); its Gubernur is the pihak kedua of the dinas's Perjanjian Kinerja.
    "government_unit": {
        "slug": "sumselprov",
        "unit": {
            "name": "Pemerintah Provinsi Sumatera Selatan",
            "short_name": "Pemprov Sumsel",
            "kind": "pemprov",
            "government": "Provinsi Sumatera Selatan",
            "seat_city": "Palembang",
        },
        "official": {"name": "H. HERMAN DERU, S.H., M.M.", "jabatan": "Gubernur Sumatera Selatan"},
    },
    "functions": [
        "Pelaksanaan Pembinaan Umum Berdasarkan Kebijakan Yang ditetapkan dan Kebijakan Teknis;",
        "Pelaksanaan Pembinaan Teknis dibidang Koperasi, Usaha Kecil dan Menengah;",
        "Pelaksanaan Proses Pengesahan Pengadministrasian Badan Hukum Koperasi;",
        "Pengkoordinasian Kegiatan dan Fasilitasi di Bidang Pengembangan Koperasi Usaha Kecil "
        "dan Menengah;",
        "Pengkoordinasian, Penatausahaan, Pemanfaatan dan Pengamanan Barang Milik Negara/Daerah;",
        "Pembinaan Unit Pelaksanaan Teknis Dinas; dan",
        "Pelaksanaan Tugas Kedinasan Lainnya yang diberikan oleh Pimpinan.",
    ],
    "official": {
        "name": "H. H. AMIRUDDIN, M.Si",
        "nip": "196605091992031003",
        "golongan": "IV/d",
        "jabatan": "Kepala Dinas",
    },
    "document": {
        "title": "",
        "period_start": 2019,
        "period_end": 2023,
        "revision": 1,
        "layout": "lengkap",
        "signature_place": "Palembang",
        "signature_date": datetime.date(2022, 1, 1),
        "signature_date_format": "month_year",
        "signatory_title": "KEPALA DINAS,",
        "nip_style": "plain",  # the original prints the 18 digits in one run
    },
    "goals": [
        {
            "text": "Meningkatkan Perekonomian yang Inklusif Berbasis Inovasi Daerah",
            "indicators": ["Jumlah Koperasi Berkualitas", "Jumlah Skala UKM"],
            "strategic_targets": [
                {
                    "text": "Maju ekonomi kerakyatan (meningkatnya ekonomi kerakyatan)",
                    "indicators": [
                        {
                            "name": "Jumlah UMKM Naik Kelas",
                            "formula": "Jumlah UMKM Naik kelas pada tahun bersangkutan",
                            "data_source": "Bidang Pemberdayaan Usaha Kecil",
                        },
                        {
                            "name": "Jumlah Kenaikan Wirausaha Baru",
                            "formula": "Jumlah wirausaha baru pada tahun bersangkutan",
                            "data_source": "Bidang Pemberdayaan Usaha Kecil\nBidang UPTD",
                        },
                        {
                            "name": "Prosentase Pertumbuhan Modal Koperasi",
                            "formula": (
                                "(Modal Sekarang - Modal Tahun Lalu) / Modal Tahun Lalu × 100%"
                            ),
                            "data_source": "Bidang Pemberdayaan Koperasi",
                        },
                        {
                            "name": "Jumlah Koperasi Aktif",
                            "formula": "Jumlah Koperasi Aktif pada tahun bersangkutan",
                            "data_source": "Bidang Pengawasan dan Pemeriksaan\nBidang Kelembagaan",
                        },
                        {
                            "name": "Prosentase Meningkatnya Koperasi yang berkualitas",
                            "formula": (
                                "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, "
                                "Volume Usaha dan aset / Jumlah seluruh koperasi × 100%"
                            ),
                            "data_source": (
                                "Bidang Pengawasan dan Pemeriksaan\n"
                                "Bidang Kelembagaan, Bidang Pemberdayaan Koperasi"
                            ),
                        },
                        {
                            "name": "Prosentase Meningkatnya Usaha Kecil yang menjadi Wirausaha",
                            "formula": "Jumlah Usaha Kecil yang menjadi wirausaha",
                            "data_source": "Bidang Pemberdayaan Usaha Kecil\nBidang UPTD",
                        },
                    ],
                }
            ],
        }
    ],
    "loose_strategic_targets": [],
    # The Penanggung Jawab cell spans all six IKU.
    "responsible": SUMSEL_UNIT,
}

JAMBI = {
    "slug": "jambi",
    "unit": {
        "name": "Dinas Koperasi, UKM Provinsi Jambi",
        "short_name": "Dinas Koperasi dan UKM Jambi",
        "kind": "dinas",
        "government": "Provinsi Jambi",
        "seat_city": "Jambi",
        "tugas": (
            "Membantu Gubernur dalam rangka melaksanakan urusan pemerintahan di bidang Koperasi, "
            "Usaha Kecil dan Menengah yang menjadi Kewenangan daerah Provinsi dan Tugas Pembantuan "
            "yang ditugaskan kepada daerah Provinsi sesuai dengan peraturan perundang-undangan "
            "yang berlaku"
        ),
    },
    "sub_units": [],
    "functions": [
        "Pelaksanaan kebijakan teknis di bidang Koperasi, Usaha Kecil dan Menengah",
        "Pengoordinasian kegiatan bidang Koperasi, Usaha Kecil dan Menengah dengan "
        "Instansi terkait",
        "Pelaksanaan urusan pemerintahan dan pelayanan umum dibidang Koperasi, Usaha Kecil dan "
        "Menengah",
        "Pelayanan fungsi lain yang diberikan oleh Gubernur sesuai dengan tugas dan fungsinya",
    ],
    "official": {
        "name": "HAMDAN, SH., M.Si",
        "nip": "19630421 198503 1 008",
        # Printed "Pembina Uama Muda" in the original: a typo for Pembina Utama Muda (IV/c).
        "golongan": "IV/c",
        "jabatan": "Kepala Dinas Koperasi dan UKM\nProvinsi Jambi",
    },
    "document": {
        "title": "Indikator Kinerja Utama (IKU)",
        "period_start": 2021,
        "period_end": 2026,
        "revision": 0,
        "layout": "ringkas",
        "signature_place": "Jambi",
        "signature_date": datetime.date(2022, 1, 1),
        "signature_date_format": "month_year",
        "signatory_title": "",
        # As the original: one heading line, formulas on one line as typed.
        "show_unit_heading": False,
        "formula_style": "inline",
    },
    "goals": [],
    "loose_strategic_targets": [
        {
            "text": "Terwujudnya Kapasitas Kelembagaan dan Usaha Koperasi Berkualitas",
            "indicators": [
                {
                    "name": "Persentase Koperasi Berkualitas",
                    "satuan": "%",
                    "formula": (
                        "( Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume "
                        "Usaha dan Aset / Jumlah seluruh koperasi ) X 100"
                    ),
                    "explanation": (
                        "<p>Koperasi yang melaksanakan RAT adalah Koperasi yang menilai "
                        "pertanggung jawaban pengurus, pengawas dan partisipasi anggota dalam "
                        "tahun buku yang lalu, menetapkan kebijaksanaan pengurus dalam tahun buku "
                        "yang akan datang yang telah diatur berdasarkan Permenkop UKM RI No. 19 "
                        "tahun 2015 tentang Penyelenggaraan Rapat Anggota Koperasi pasal 4 s/d "
                        "20;</p>"
                    ),
                }
            ],
        },
        {
            "text": (
                "Terwujudnya UMKM Yang Mampu Berkontribusi secara Optimal pada Peningkatan PDRB"
            ),
            "indicators": [
                {
                    "name": "Persentase Usaha Kecil menjadi Wirausaha",
                    "satuan": "%",
                    "formula": (
                        "( Jumlah Usaha Kecil yang menjadi Wirausaha / Jumlah Usaha Kecil "
                        "keseluruhan ) X 100"
                    ),
                    # One cell in the original, split there by a page break.
                    "explanation": (
                        "<ul><li>Usaha Kecil adalah usaha ekonomi produktif yang berdiri sendiri "
                        "yang dilakukan oleh orang perorangan atau badan usaha yang bukan "
                        "merupakan anak perusahaan atau bukan cabang perusahaan yang dimiliki, "
                        "dikuasai atau menjadi bagian baik langsung maupun tidak langsung dari "
                        "usaha menengah atau usaha besar yang memenuhi kriteria usaha kecil.</li>"
                        "<li>Yang dimaksud dengan Usaha Kecil yang menjadi wirausaha adalah "
                        "pelaku usaha kecil yang telah mendaftarkan usahanya dan telah "
                        "mendapatkan usahanya dan telah mendapatkan Izin Usaha Mikro dan Kecil "
                        "(IUM) atau mendapatkan NIB (Nomor Induk Berusaha)</li></ul>"
                    ),
                }
            ],
        },
        {
            "text": (
                "Terwujudnya Aparatur Dinas Koperasi, UKM Provinsi Jambi yang Profesional dan "
                "Berkinerja Baik"
            ),
            "indicators": [{"name": "Nilai SAKIP"}, {"name": "Nilai Kepuasan Masyarakat"}],
        },
    ],
    "responsible": "",
}

DEMO_DOCUMENTS = [SUMSEL, JAMBI]
