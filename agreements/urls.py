from django.urls import path

from agreements import views
from agreements.action_plans import views as plan_views

app_name = "agreements"

urlpatterns = [
    path("unit/<int:unit_pk>/perjanjian-kinerja/", views.unit_list, name="unit_list"),
    path("unit/<int:unit_pk>/perjanjian-kinerja/baru/", views.agreement_create, name="create"),
    path("perjanjian-kinerja/<int:pk>/", views.agreement_detail, name="detail"),
    path("perjanjian-kinerja/<int:pk>/pdf/", views.agreement_pdf, name="pdf"),
    path("perjanjian-kinerja/<int:pk>/ajukan/", views.agreement_submit, name="submit"),
    path("perjanjian-kinerja/<int:pk>/perubahan/", views.agreement_revise, name="revise"),
    path("perjanjian-kinerja/<int:pk>/bandingkan/", views.agreement_compare, name="compare"),
    path("perjanjian-kinerja/<int:pk>/kembalikan/", views.agreement_return, name="return"),
    path("perjanjian-kinerja/<int:pk>/tandatangani/", views.agreement_sign, name="sign"),
    path(
        "perjanjian-kinerja/<int:pk>/tanda-tangan-pihak-kedua/",
        views.agreement_countersign,
        name="countersign",
    ),
    path(
        "perjanjian-kinerja/<int:pk>/pindaian-tanda-tangan-pihak-kedua/",
        views.agreement_countersignature_scan,
        name="countersignature_scan",
    ),
    path("verifikasi-pk/<str:code>/", views.agreement_verify, name="verify"),
    path(
        "verifikasi-pk/<str:code>/bandingkan/", views.agreement_verify_upload, name="verify_upload"
    ),
    path("verifikasi-pk/<str:code>/pdf/", views.agreement_verify_pdf, name="verify_pdf"),
    path("perjanjian-kinerja/<int:pk>/para-pihak/", views.agreement_parties, name="parties"),
    path(
        "perjanjian-kinerja/<int:agreement_pk>/indikator/baru/",
        views.indicator_form,
        name="indicator_create",
    ),
    path(
        "perjanjian-kinerja/indikator/<int:pk>/ubah/",
        views.indicator_form,
        name="indicator_edit",
    ),
    path(
        "perjanjian-kinerja/indikator/<int:pk>/tidak-dimasukkan/",
        views.indicator_leave_out,
        name="indicator_leave_out",
    ),
    path(
        "perjanjian-kinerja/indikator/<int:pk>/masukkan-kembali/",
        views.indicator_include,
        name="indicator_include",
    ),
    path(
        "perjanjian-kinerja/indikator/<int:pk>/hapus/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "perjanjian-kinerja/<int:agreement_pk>/program/baru/",
        views.program_form,
        name="program_create",
    ),
    path("perjanjian-kinerja/program/<int:pk>/ubah/", views.program_form, name="program_edit"),
    path("perjanjian-kinerja/program/<int:pk>/hapus/", views.program_delete, name="program_delete"),
    # The Rencana Aksi of a signed PK.
    path(
        "perjanjian-kinerja/<int:agreement_pk>/rencana-aksi/",
        plan_views.action_plan_detail,
        name="action_plan",
    ),
    path(
        "perjanjian-kinerja/<int:agreement_pk>/rencana-aksi/buat/",
        plan_views.action_plan_create,
        name="action_plan_create",
    ),
    path(
        "perjanjian-kinerja/<int:agreement_pk>/rencana-aksi/tetapkan/",
        plan_views.action_plan_adopt,
        name="action_plan_adopt",
    ),
    path(
        "perjanjian-kinerja/<int:agreement_pk>/rencana-aksi/xlsx/",
        plan_views.action_plan_download,
        name="action_plan_xlsx",
    ),
    path(
        "perjanjian-kinerja/<int:agreement_pk>/rencana-aksi/pdf/",
        plan_views.action_plan_pdf,
        name="action_plan_pdf",
    ),
    path(
        "rencana-aksi/indikator/<int:pk>/target-triwulan/",
        plan_views.quarter_targets,
        name="quarter_targets",
    ),
    path(
        "perjanjian-kinerja/<int:agreement_pk>/rencana-aksi/kegiatan/baru/",
        plan_views.activity_form,
        name="activity_create",
    ),
    path("rencana-aksi/kegiatan/<int:pk>/ubah/", plan_views.activity_form, name="activity_edit"),
    path(
        "rencana-aksi/kegiatan/<int:pk>/hapus/",
        plan_views.activity_delete,
        name="activity_delete",
    ),
]
