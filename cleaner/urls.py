"""URL helpers: host, registered domain, canonical form (tracking parameters removed)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_")
_TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ocid",
                       "cmpid", "ref", "ref_src", "smid", "smtyp", "share", "amp", "s_cid",
                       "__twitter_impression", "at_medium", "at_campaign", "CMP", "ito"})


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def domain_of(url: str | None) -> str | None:
    """The host without a leading www. (a public-suffix list is not needed for display)."""
    host = host_of(url)
    return host.removeprefix("www.") if host else None


def canonical(url: str | None, base: str | None = None) -> str | None:
    """Absolute http(s) URL with lower-case host, no fragment, no tracking parameters."""
    if not url:
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)]
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/",
                       urlencode(query, doseq=True), ""))
