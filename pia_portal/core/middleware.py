from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivatePagesNotStored:
    """Pages shown to a signed-in person are never kept by a browser or a proxy (a shared office
    PC, a municipal proxy): `Cache-Control: no-store`, unless the view said otherwise (the public
    PDFs, which are the same for everyone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            patch_vary_headers(response, ("Cookie",))
        return response


class ServiceUnavailable:
    """A page that needs Redis (the broker or the shared cache) while it is down answers 503 with
    「しばらくしてから」 in Japanese, not a 500: the embedded server is restarted by the launcher
    and a real one by its operator, so trying again shortly is the right advice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from pia_portal.core.queue import broker_errors
        from pia_portal.core.ratelimit import Unavailable

        if not isinstance(exception, (Unavailable, *broker_errors())):
            return None
        import logging

        logging.getLogger(__name__).warning("Redis unreachable for %s: %s", request.path, exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
