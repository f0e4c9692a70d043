from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("dokumen/<int:pk>/pratinjau/", views.document_preview, name="document_preview"),
    path("dokumen/<int:pk>/pdf/", views.document_pdf_view, name="document_pdf"),
    path(
        "dokumen/<int:pk>/pdf/unduh/",
        views.document_pdf_view,
        {"download": True},
        name="document_pdf_download",
    ),
]
