"""Facts read once per request: small, rarely changed tables that several parts of one page ask
for (a home page's panels and a handbook's sections each read the minimum-hours policies).

Outside a request (a worker, a command, a test calling a selector) nothing is kept and each call
reads afresh, so a long job never works from a stale copy.
"""

import contextvars

_facts = contextvars.ContextVar("request_facts", default=None)


def once_per_request(key, read):
    """`read()`, called once per request for `key`."""
    facts = _facts.get()
    if facts is None:
        return read()
    if key not in facts:
        facts[key] = read()
    return facts[key]


class RequestFactsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _facts.set({})
        try:
            return self.get_response(request)
        finally:
            _facts.reset(token)
