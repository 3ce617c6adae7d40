from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def content_security_policy(app_configs, **kwargs):
    """A Content-Security-Policy is sent, and it allows no inline or eval'd script."""
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE:
        return [Error("CSPMiddleware is not installed.", id="vawg.E001")]
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    scripts = directives.get("script-src") or directives.get("default-src") or []
    unsafe = [source for source in scripts if source in ("'unsafe-inline'", "'unsafe-eval'")]
    if not scripts or unsafe:
        return [
            Error(
                "The Content-Security-Policy must restrict scripts without "
                "'unsafe-inline' or 'unsafe-eval'.",
                id="vawg.E002",
            )
        ]
    return []
