"""What a process built at start-up, kept out of the garbage collector's full passes.

CPython's cyclic collector walks every tracked object in its oldest generation whenever
enough new objects have survived: in a process running Huiju that is the modules, the app,
its routes, the ORM's mappers and the templates, about 90,000 objects once the app is built,
all living as long as the process. In the ingest benchmark's process (160,000 objects by
then), re-reading a restamped 10,000-event feed set off such a pass every other run, each
80 to 100 ms: up to half of the re-read.

``freeze_startup()`` collects what start-up left as garbage, then moves every object still
alive into the permanent generation (``gc.freeze``, the collector's own tool for this): the
full passes then walk only what the process made since. Call it once per process, after the
app is built, in an entry point (the console script, the WSGI module), never in
``create_app``: a test session builds hundreds of apps, and one frozen while alive would
never be collected.
"""

from __future__ import annotations

import gc


def freeze_startup() -> int:
    """Freeze what is alive now; returns how many objects are frozen in all."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
