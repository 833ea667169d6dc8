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
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

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
    "headers": {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    },
}

