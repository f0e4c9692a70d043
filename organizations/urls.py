from django.urls import path, re_path

from organizations import views

app_name = "organizations"

urlpatterns = [
    path("unit/<int:pk>/", views.unit_profile, name="unit_profile"),
    path("unit/<int:unit_pk>/fungsi/baru/", views.function_form, name="function_create"),
    path("fungsi/<int:pk>/ubah/", views.function_form, name="function_edit"),
    path("unit/<int:unit_pk>/pejabat/baru/", views.official_form, name="official_create"),
    path("pejabat/<int:pk>/ubah/", views.official_form, name="official_edit"),
    path("fungsi/<int:pk>/hapus/", views.function_delete, name="function_delete"),
    re_path(
        r"^fungsi/(?P<pk>[0-9]+)/geser/(?P<direction>up|down)/$",
        views.function_move,
        name="function_move",
    ),
]
