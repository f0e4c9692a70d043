from django.urls import path

from performance import views
from performance.pohon_kinerja import views as tree_views

app_name = "performance"

urlpatterns = [
    path("kinerja/", views.dashboard, name="dashboard"),
    path("kinerja/peringkat/", views.ranking, name="ranking"),
    path(
        "kinerja/iku/<int:pk>/<int:year>/<int:number>/",
        views.realisasi_edit,
        name="realisasi_edit",
    ),
    path("kinerja/periode/<int:pk>/<str:action>/", views.period_step, name="period_step"),
    path(
        "kinerja/laporan/<int:unit_pk>/<int:year>.<str:fmt>",
        views.report_download,
        name="report",
    ),
    path("kinerja/pohon/<int:unit_pk>/", tree_views.tree_page, name="performance_tree"),
    path("kinerja/pohon/<int:unit_pk>.pdf", tree_views.tree_pdf_view, name="performance_tree_pdf"),
    path(
        "kinerja/pohon/<int:unit_pk>/crosswalk.xlsx",
        tree_views.crosswalk_download,
        name="performance_tree_crosswalk",
    ),
    path("kinerja/bukti/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("kinerja/bukti/<int:pk>/hapus/", views.evidence_delete, name="evidence_delete"),
]
