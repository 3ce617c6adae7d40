"""Every URL pattern in the project, with a sample path that resolves to it."""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

# Sample values for path converters; a new converter needs a line here.
CONVERTER_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x/y",
    "uuid": str(uuid.UUID(int=1)),
    "quarter": "2026-27-q3",
}

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>[^?)][^)]*)\)")


def _sample_route(route, samples):
    return _ROUTE_PARAM.sub(lambda m: samples[m["converter"] or "str"], route)


def _sample_regex(regex, samples):
    def group(match):
        body = match["body"]
        if re.fullmatch(r"[\w|-]+", body):  # a choice of literals: take the first
            return body.split("|")[0]
        return samples["int"]

    path = _REGEX_GROUP.sub(group, regex)
    return path.replace("^", "").replace("$", "").replace("\\", "")


def _walk(resolver, prefix, samples):
    for pattern in resolver.url_patterns:
        text = str(pattern.pattern)
        if isinstance(pattern.pattern, RegexPattern):
            sample = _sample_regex(text, samples)
        else:
            sample = _sample_route(text, samples)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + sample, samples)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + sample, pattern


def all_urls(**samples):
    """
    (sample path, URLPattern) for every pattern; each sample resolves to its pattern.
    Keyword arguments replace a converter's sample: ``all_urls(int="0")``.
    """
    found = []
    for path, pattern in _walk(get_resolver(), "", {**CONVERTER_SAMPLES, **samples}):
        match = resolve(path)
        assert match.func == pattern.callback, f"sample {path} resolves elsewhere"
        found.append((path, pattern))
    return found
