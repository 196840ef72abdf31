from django.dispatch import Signal

# Sent by the worker when a render is done or has failed, with `render` (a PdfRender). Rendering
# knows nothing of why a PDF was asked for; the publication listens (publishing/apps.py).
render_finished = Signal()

# Sent by the beat's sweep (tasks.sweep_stuck_renders) every minute: a listener finishes what a
# worker killed after recording a render left undone (the publication publishes), idempotently.
sweeping = Signal()
