"""What the Python bench drivers share: one keep-alive HTTP/1.1 connection to the service, and
p50/p99 of a list of samples. Standard library only."""
import http.client
import json
import statistics
import urllib.parse


class Service:
    """One keep-alive HTTP/1.1 connection to the service under test."""

    def __init__(self, base, timeout=90):
        parsed = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)

    def call(self, method, path, body=None, headers=None, form=None):
        """Sends JSON `body` or form-encoded `form`; returns (status, parsed JSON or None, Set-Cookie)."""
        headers = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else None), response.getheader("Set-Cookie")


def percentiles(values):
    """(p50, p99) of the samples."""
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.99))]
