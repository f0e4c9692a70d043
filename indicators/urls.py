from django.urls import path, re_path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dokumen/", views.document_list, name="document_list"),
    path("unit/<int:unit_pk>/ekspor/", views.export_start, name="export_start"),
    path("unit/<int:unit_pk>/iku.xlsx", views.flat_xlsx, name="flat_xlsx"),
    path("dokumen/iku.xlsx", views.flat_xlsx, name="flat_xlsx_all"),
    path("dokumen/<int:pk>/xlsx/", views.document_xlsx, name="document_xlsx"),
    path("ekspor/<int:pk>/", views.export_status, name="export_status"),
    path("ekspor/<int:pk>/unduh/", views.export_download, name="export_download"),
    path("dokumen/baru/", views.document_create, name="document_create"),
    path("dokumen/impor/", views.import_upload, name="import_upload"),
    path("dokumen/impor/templat.xlsx", views.import_template, name="import_template"),
    path("dokumen/impor/<int:pk>/", views.import_preview, name="import_preview"),
    path("dokumen/<int:pk>/", views.document_detail, name="document_detail"),
    path("dokumen/<int:pk>/ubah/", views.document_edit, name="document_edit"),
    re_path(
        r"^dokumen/(?P<pk>[0-9]+)/(?P<action>ajukan|kembalikan|tandatangani)/$",
        views.document_transition,
        name="document_transition",
    ),
    path("dokumen/<int:pk>/perubahan/", views.document_revise, name="document_revise"),
    path("dokumen/<int:pk>/bandingkan/", views.document_compare, name="document_compare"),
    path("dokumen/<int:pk>/riwayat/", views.document_history_view, name="document_history"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    path("verifikasi/<str:code>/pdf/", views.verify_pdf, name="verify_pdf"),
    path(
        "verifikasi/<str:code>/manual/pdf/",
        views.verify_pdf,
        {"manual": True},
        name="verify_manual_pdf",
    ),
    path("dokumen/<int:document_pk>/tujuan/baru/", views.goal_form, name="goal_create"),
    path("tujuan/<int:pk>/ubah/", views.goal_form, name="goal_edit"),
    path("dokumen/<int:pk>/pratinjau/", views.document_preview, name="document_preview"),
    re_path(
        r"^dokumen/(?P<pk>[0-9]+)/pratinjau/(?P<key>(?:signed-)?[0-9a-f]{64})/(?P<number>[0-9]{1,4})\.png$",
        views.document_preview_page,
        name="document_preview_page",
    ),
    path("dokumen/<int:pk>/pdf/", views.document_pdf_view, name="document_pdf"),
    path(
        "dokumen/<int:pk>/manual/pratinjau/",
        views.document_preview,
        {"manual": True},
        name="manual_preview",
    ),
    path(
        "dokumen/<int:pk>/manual/pdf/", views.document_pdf_view, {"manual": True}, name="manual_pdf"
    ),
    path(
        "dokumen/<int:pk>/manual/pdf/unduh/",
        views.document_pdf_view,
        {"manual": True, "download": True},
        name="manual_pdf_download",
    ),
    path(
        "dokumen/<int:pk>/pdf/unduh/",
        views.document_pdf_view,
        {"download": True},
        name="document_pdf_download",
    ),
    path(
        "dokumen/<int:document_pk>/sasaran/baru/",
        views.strategic_target_form,
        name="strategic_target_create",
    ),
    path("sasaran/<int:pk>/ubah/", views.strategic_target_form, name="strategic_target_edit"),
    path("dokumen/<int:document_pk>/iku/baru/", views.indicator_form, name="indicator_create"),
    path("iku/<int:pk>/ubah/", views.indicator_form, name="indicator_edit"),
    re_path(
        r"^(?P<kind>tujuan|sasaran|iku)/(?P<pk>[0-9]+)/hapus/$",
        views.item_delete,
        name="item_delete",
    ),
    re_path(
        r"^(?P<kind>tujuan|sasaran|iku)/(?P<pk>[0-9]+)/geser/(?P<direction>up|down)/$",
        views.item_move,
        name="item_move",
    ),
    path("rumus/pratinjau/", views.formula_preview, name="formula_preview"),
]
