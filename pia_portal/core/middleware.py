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
