from django.conf import settings


def portal(request):
    """What every page may ask of the deployment."""
    return {
        "password_reset_offered": settings.PASSWORD_RESET_OFFERED,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
