"""Refuse requests to private, loopback, link-local and reserved addresses, and unsafe redirects.

A sources file or a sitemap is third-party input: without this check a ``<loc>`` or a redirect could
point the crawler at ``http://169.254.169.254/`` (cloud metadata) or a service on the LAN. Every request
(start URLs, robots.txt, sitemap pages, each redirect hop: redirected requests re-enter the middleware
chain) has its host resolved with ``getaddrinfo`` *before* a connection is opened; if any address is not
globally routable the request is refused with ``IgnoreRequest`` and counted under
``jobintel/safety/refused_private``. A 3xx pointing at a non-http(s) URL (``file:``, ``ftp:``) is refused
too, counted under ``jobintel/safety/refused_scheme``.

``GuardedResolver`` (setting ``TWISTED_DNS_RESOLVER``) repeats the check at connect time, so a name that
resolves to a public address for the check and a private one for the connection (DNS rebinding) is
still refused.

Setting ``JOBINTEL_ALLOW_PRIVATE_ADDRESSES`` (CLI ``--allow-private-addresses``) turns both off: the
demo and the tests crawl 127.0.0.1. It may also be a list of networks (``["127.0.0.0/8"]``) to allow
only those.

>>> non_global_reason("10.0.0.1"), non_global_reason("8.8.8.8"), non_global_reason("::ffff:127.0.0.1")
('private', None, 'loopback')
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError
from twisted.internet.threads import deferToThread

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

__all__ = [
    "GuardedResolver",
    "PrivateAddressError",
    "PrivateAddressMiddleware",
    "allowed_networks",
    "non_global_reason",
]

logger = logging.getLogger(__name__)

ALLOW_SETTING = "JOBINTEL_ALLOW_PRIVATE_ADDRESSES"
_HINT = "pass --allow-private-addresses to crawl it anyway"


class PrivateAddressError(IgnoreRequest):
    """A request whose host is, or resolves to, an address that is not globally routable."""


def non_global_reason(address: str) -> str | None:
    """Why ``address`` must not be crawled (``"private"``, ``"loopback"``, ...); ``None`` when public.

    >>> non_global_reason("169.254.169.254"), non_global_reason("fe80::1"), non_global_reason("0.0.0.0")
    ('link-local', 'link-local', 'unspecified')
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id ("fe80::1%eth0")
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for reason, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flag:
            return reason
    # Shared address space (100.64/10, carrier NAT) and other special ranges are not "global" either.
    return None if ip.is_global else "reserved"


def allowed_networks(value: Any) -> bool | list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Read ``JOBINTEL_ALLOW_PRIVATE_ADDRESSES``: ``True`` (all), ``False`` (none) or a list of networks.

    The list form lets tests allow loopback and nothing else, so a redirect to 10.0.0.1 stays refused.

    >>> allowed_networks("true"), allowed_networks(None), allowed_networks("127.0.0.0/8")
    (True, False, [IPv4Network('127.0.0.0/8')])
    """
    if isinstance(value, bool) or value is None:
        return bool(value)
    items = value.split(",") if isinstance(value, str) else list(value)
    words = [str(v).strip() for v in items if str(v).strip()]
    if len(words) == 1 and words[0].lower() in {"true", "1", "yes", "false", "0", "no", ""}:
        return words[0].lower() in {"true", "1", "yes"}
    return [ipaddress.ip_network(w, strict=False) for w in words]


def _permitted(address: str, allow: bool | list[Any]) -> bool:
    if allow is True:
        return True
    if not allow:
        return False
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in allow)


def _resolve(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class PrivateAddressMiddleware:
    """Downloader middleware: refuse non-global destinations and redirects to non-http(s) schemes."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.allow = allowed_networks(crawler.settings.get(ALLOW_SETTING))
        # host -> refusal reason ("" when the host is fine); lookups are shared by every request.
        self._verdicts: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if self.allow is True:
            return
        host = urlparse_cached(request).hostname or ""
        if host not in self._verdicts:
            self._verdicts[host] = await self._verdict(host)
        reason = self._verdicts[host]
        if reason:
            self.stats.inc_value("jobintel/safety/refused_private")
            logger.warning("refused %s: %s (%s)", request.url, reason, _HINT)
            raise PrivateAddressError(f"refused private address: {reason}")

    async def _verdict(self, host: str) -> str:
        if not host:
            return "no host"
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            addresses = [host]
        except ValueError:
            try:
                addresses = await maybe_deferred_to_future(deferToThread(_resolve, host))
            except OSError:
                return ""  # unresolvable: the download itself fails with a DNS error, counted there
        for address in addresses:
            why = non_global_reason(address)
            if why and not _permitted(address, self.allow):
                return f"{host} is {why} ({address})" if address != host else f"{host} is a {why} address"
        return ""

    def process_response(self, request: Request, response: Response) -> Response:
        # Scrapy's RedirectMiddleware passes a 3xx to a non-http(s) URL through untouched; refusing it
        # here names the problem instead of surfacing as a bare "HTTP 302".
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1").strip())
            scheme = urlsplit(target).scheme.lower()
            if scheme not in {"http", "https"}:
                self.stats.inc_value("jobintel/safety/refused_scheme")
                logger.warning("refused redirect from %s to a %s: URL", request.url, scheme)
                raise IgnoreRequest(f"refused redirect to {scheme}: URL")
        return response


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-global results unless private addresses are allowed."""

    allow: bool | list[Any] = False

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow = allowed_networks(crawler.settings.get(ALLOW_SETTING))
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Deferred[str]:
        d = super().getHostByName(name, timeout)
        if self.allow is not True:
            d.addCallback(self._check, name)
        return d

    def _check(self, address: str, name: str) -> str:
        why = non_global_reason(address)
        if why and not _permitted(address, self.allow):
            raise DNSLookupError(f"{name} resolved to a {why} address ({address}); {_HINT}")
        return address
