from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For the container's health check: the web process answers and reaches the database.
    Exempt from the HTTPS redirect (settings.SECURE_REDIRECT_EXEMPT), as the check runs inside."""
    with connection.cursor() as cursor:
        cursor.execute("select 1")
    return HttpResponse("ok", content_type="text/plain")
