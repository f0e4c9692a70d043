from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "IKU Portal"
admin.site.site_title = "IKU Portal"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("organizations.urls")),
    path("", include("indicators.urls")),
]
