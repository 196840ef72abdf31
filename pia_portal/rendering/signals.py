from django.dispatch import Signal

# Sent by the worker when a render is done or has failed, with `render` (a PdfRender). Rendering
# knows nothing of why a PDF was asked for; the publication listens (publishing/apps.py).
render_finished = Signal()
