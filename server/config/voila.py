# Voila settings for the Second Opinion Explainer. server/launch.py points Voila at this folder
# only (--Voila.config_file_paths), so these are the settings `make serve` and the tests run with.
# ruff: noqa: F821  (traitlets provides get_config() to config files)

c = get_config()

# -- What a visitor can see --
c.VoilaConfiguration.template = "explainer"  # server/jupyter/nbconvert/templates/explainer
c.VoilaConfiguration.theme = "light"
c.VoilaConfiguration.strip_sources = True  # never send code cells to the browser
c.VoilaConfiguration.show_tracebacks = False  # errors stay in the server log
c.VoilaConfiguration.allow_template_override = "NO"  # ignore ?template=...
c.VoilaConfiguration.allow_theme_override = "NO"  # ignore ?theme=...

# /voila/files/ serves files next to the notebook; the dashboard needs none of them.
c.VoilaConfiguration.file_allowlist = []
c.VoilaConfiguration.file_denylist = [r".*"]

# -- Kernels: one per visit, freed when the visitor leaves --
# The template's page-close beacon shuts the kernel down at once; the culler below is the
# backstop for visits that end without one (a crashed tab, a phone that loses its network).
# A kernel with an open connection is never culled, however long the visitor reads.
c.MappingKernelManager.cull_idle_timeout = 600  # seconds without activity and without a connection
c.MappingKernelManager.cull_interval = 30
c.MappingKernelManager.cull_connected = False
# Kernels talk to the server over Unix sockets (ZeroMQ ipc) in Voila's private connection folder
# (a fresh /tmp/voila_* directory, mode 0700), not TCP ports on 127.0.0.1. With TCP, many kernels
# starting together clashed: the server picks five free ports per kernel and the kernel binds them
# a moment later, and in between the port is taken by another kernel or an outgoing connection's
# ephemeral port ("Address already in use"; docs/performance.md). A socket path
# is /tmp/voila_XXXXXXXX/kernel-<uuid>-ipc-N, about 70 characters with TMPDIR=/tmp; AF_UNIX allows
# 107, so server/launch.py puts the sockets under /tmp when TMPDIR is longer than about 40 characters.
c.KernelManager.transport = "ipc"
# Visitors' kernels (server/kernels.py, run by server/voila_app.py): a page may send a kernel
# widget messages only, never code (execute_request and the like are dropped). At most
# `max_sessions` visitor kernels (`make serve MAX_SESSIONS=30`; default sized to the machine's
# memory, server/sizing.py), then a calm 503 page. A kernel no page ever connected to (a bot or
# `curl` fetching the page) is freed after 180 idle seconds instead of ten minutes: long enough
# for a real visitor's page to connect during a burst on a small machine (a 60 s timeout freed
# real visitors' kernels while their pages loaded: docs/performance.md), short enough for bots.
c.VoilaConfiguration.multi_kernel_manager_class = "server.kernels.VisitorKernelManager"
c.VisitorKernelManager.unconnected_timeout = 180

# After a cell's reply, the server waits this long for the cell's output (nbclient's
# iopub_timeout, 4 s by default). With many visitors arriving together on two cores, the output
# (the whole dashboard) came later than 4 s and was dropped: the page arrived without the
# dashboard (docs/performance.md). Waiting longer costs nothing when it comes at once.
c.VoilaExecutor.iopub_timeout = 60

# -- Speed: the page opens fast on a cheap machine (docs/performance.md, `make bench`) --
# Preheated kernels: the server starts a kernel and runs the notebook before anyone asks, up to
# the point where the dashboard needs the visitor's link (explainer.request.query_string
# waits there); a visitor takes a ready kernel. Voila starts them; server/warm.py decides when
# and how many, so Voila's own refill is off (pool size 0): the ordinary pool of 2, grown while
# visitors drain it and for a group the educator expects (`make serve GROUP=25`), at most 2
# starting at once (this machine's cores), a replacement 10 s after a visitor took a kernel: one
# starting beside a visitor's first clicks made some of them many times slower
# (docs/performance.md). Each warm kernel costs one session's memory, within the session cap.
c.VoilaConfiguration.preheat_kernel = True
c.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": 0}}
c.VisitorKernelManager.pool_size = 2
c.VisitorKernelManager.refill_quiet = 10
# The page draws the widgets with its own front end (frontend/, built into the template's
# static folder): not Voila's (JupyterLab's application, MathJax, the lab extensions), 3.4 MB of
# code a phone must fetch and run (docs/performance.md).
# The first paint: the template puts the heading and the main message in the page's HTML, made
# here in the server, so they show before the kernel and the widgets are ready.
c.VoilaExporter.filters = {
    "explainer_first_paint": "explainer.preview.first_paint_html",
    # The answer key and words the page needs when its kernel is gone (static/connection.js).
    "explainer_page_data": "explainer.page.page_data_html",
    # The template's own words, by data/ui.yaml key, in every language: {{ "loading" |
    # explainer_text }}; where no markup can go, in the default one; and the languages' codes.
    "explainer_text": "explainer.server_pages.text_html",
    "explainer_default_text": "explainer.server_pages.default_text_html",
    "explainer_languages": "explainer.server_pages.languages_html",
}

# -- HTTP headers --
# Everything comes from this server: no CDN, no fonts or images from elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
c.Voila.tornado_settings = {
    # The page itself (made per visit, a few kB) is compressed per request; every static file is
    # compressed once, when the server starts (server/assets.py), and tornado leaves it as it is.
    "compress_response": True,
    "headers": {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    },
}
