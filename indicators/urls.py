from django.urls import path, re_path

from indicators.cascading import views as cascading_views
from indicators.printing import views as printing_views
from indicators.spreadsheets import views as spreadsheets_views
from indicators.tree import views as tree_views
from indicators.verification import views as verification_views
from indicators.workflow import views as workflow_views

app_name = "indicators"

urlpatterns = [
    path("", tree_views.dashboard, name="dashboard"),
    path("dokumen/", tree_views.document_list, name="document_list"),
    path("unit/<int:unit_pk>/ekspor/", spreadsheets_views.export_start, name="export_start"),
    path("unit/<int:unit_pk>/iku.xlsx", spreadsheets_views.flat_xlsx, name="flat_xlsx"),
    path("dokumen/iku.xlsx", spreadsheets_views.flat_xlsx, name="flat_xlsx_all"),
    path("dokumen/<int:pk>/xlsx/", spreadsheets_views.document_xlsx, name="document_xlsx"),
    path(
        "dokumen/<int:pk>/per-iku.xlsx/",
        spreadsheets_views.document_flat_xlsx,
        name="document_flat_xlsx",
    ),
    path("ekspor/<int:pk>/", spreadsheets_views.export_status, name="export_status"),
    path("ekspor/<int:pk>/unduh/", spreadsheets_views.export_download, name="export_download"),
    path("dokumen/baru/", tree_views.document_create, name="document_create"),
    path("dokumen/impor/", spreadsheets_views.import_upload, name="import_upload"),
    path("dokumen/impor/templat.xlsx", spreadsheets_views.import_template, name="import_template"),
    path("dokumen/impor/<int:pk>/", spreadsheets_views.import_preview, name="import_preview"),
    path("dokumen/<int:pk>/", tree_views.document_detail, name="document_detail"),
    path("dokumen/<int:pk>/ubah/", tree_views.document_edit, name="document_edit"),
    re_path(
        r"^dokumen/(?P<pk>[0-9]+)/(?P<action>ajukan|kembalikan|tandatangani)/$",
        workflow_views.document_transition,
        name="document_transition",
    ),
    path("dokumen/<int:pk>/perubahan/", workflow_views.document_revise, name="document_revise"),
    path(
        "akun/sertifikat/",
        workflow_views.signing_certificate,
        name="signing_certificate",
    ),
    path(
        "akun/verifikasi-dua-langkah/",
        workflow_views.second_factor_setup,
        name="second_factor",
    ),
    path(
        "dokumen/<int:pk>/bandingkan/", verification_views.document_compare, name="document_compare"
    ),
    path(
        "dokumen/<int:pk>/riwayat/", workflow_views.document_history_view, name="document_history"
    ),
    path("sasaran/<int:pk>/tautan/", cascading_views.target_link, name="target_link"),
    path("sasaran/<int:pk>/tautkan-ulang/", cascading_views.target_relink, name="target_relink"),
    path("iku/<int:pk>/tautan/", cascading_views.indicator_link, name="indicator_link"),
    path(
        "unit/<int:unit_pk>/keselarasan/",
        cascading_views.government_alignment,
        name="government_alignment",
    ),
    path("verifikasi/", verification_views.verify_lookup, name="verify_lookup"),
    path("verifikasi/<str:code>/", verification_views.verify, name="verify"),
    path("verifikasi/<str:code>/pdf/", verification_views.verify_pdf, name="verify_pdf"),
    path(
        "verifikasi/<str:code>/manual/pdf/",
        verification_views.verify_pdf,
        {"manual": True},
        name="verify_manual_pdf",
    ),
    path("dokumen/<int:document_pk>/tujuan/baru/", tree_views.goal_form, name="goal_create"),
    path("tujuan/<int:pk>/ubah/", tree_views.goal_form, name="goal_edit"),
    path("dokumen/<int:pk>/pratinjau/", printing_views.document_preview, name="document_preview"),
    re_path(
        r"^dokumen/(?P<pk>[0-9]+)/pratinjau/(?P<key>(?:signed-)?[0-9a-f]{64})/(?P<number>[0-9]{1,4})\.png$",
        printing_views.document_preview_page,
        name="document_preview_page",
    ),
    path("dokumen/<int:pk>/pdf/", printing_views.document_pdf_view, name="document_pdf"),
    path(
        "dokumen/<int:pk>/manual/pratinjau/",
        printing_views.document_preview,
        {"manual": True},
        name="manual_preview",
    ),
    path(
        "dokumen/<int:pk>/manual/pdf/",
        printing_views.document_pdf_view,
        {"manual": True},
        name="manual_pdf",
    ),
    path(
        "dokumen/<int:pk>/manual/pdf/unduh/",
        printing_views.document_pdf_view,
        {"manual": True, "download": True},
        name="manual_pdf_download",
    ),
    path(
        "dokumen/<int:pk>/pdf/unduh/",
        printing_views.document_pdf_view,
        {"download": True},
        name="document_pdf_download",
    ),
    path(
        "dokumen/<int:document_pk>/sasaran/baru/",
        tree_views.strategic_target_form,
        name="strategic_target_create",
    ),
    path("sasaran/<int:pk>/ubah/", tree_views.strategic_target_form, name="strategic_target_edit"),
    path("dokumen/<int:document_pk>/iku/baru/", tree_views.indicator_form, name="indicator_create"),
    path("iku/<int:pk>/ubah/", tree_views.indicator_form, name="indicator_edit"),
    re_path(
        r"^(?P<kind>tujuan|sasaran|iku)/(?P<pk>[0-9]+)/hapus/$",
        tree_views.item_delete,
        name="item_delete",
    ),
    re_path(
        r"^(?P<kind>tujuan|sasaran|iku)/(?P<pk>[0-9]+)/geser/(?P<direction>up|down)/$",
        tree_views.item_move,
        name="item_move",
    ),
    path("rumus/pratinjau/", tree_views.formula_preview, name="formula_preview"),
]
