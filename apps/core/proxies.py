"""The address a request comes from, also behind a reverse proxy.

Behind nginx or a load balancer every request's `REMOTE_ADDR` is the proxy's, so the login
lockout (django-axes, per address) would count everyone's failures together and lock the whole
county out after five. With `TRUSTED_PROXIES` set (addresses or CIDR ranges of our own
proxies), a request whose `REMOTE_ADDR` is one of them is placed at the right-most address of
`X-Forwarded-For` that is not a trusted proxy: each proxy appends the address it received the
request from, so everything to the left of the first untrusted hop could be written by the
client and is ignored. A request from any other address is placed at its `REMOTE_ADDR`, whatever
its `X-Forwarded-For` says. Off (an empty list) by default.
"""

import ipaddress

from django.conf import settings


def trusted_networks(values):
    """The parsed `TRUSTED_PROXIES` (raises ValueError on an entry that is no address/range)."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _address(value):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """`AXES_CLIENT_IP_CALLABLE`: the client's address as described above."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(settings.TRUSTED_PROXIES)
    if not _trusted(_address(remote), networks):
        return remote
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage from beyond our proxies: keep the last hop they vouched for
        client = str(address)
        if not _trusted(address, networks):
            break
    return client
