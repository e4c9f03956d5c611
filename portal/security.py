"""Response headers every page gets: no framing, no sniffing, scripts only from us."""

from __future__ import annotations

from flask import Flask, request

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        # Browsers only honour HSTS over HTTPS (behind a proxy: TRUSTED_PROXIES).
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        # Pages with a signed-in user's details or a form token must not be cached.
        if "text/html" in response.content_type:
            response.headers.setdefault("Cache-Control", "no-store")
            response.headers.setdefault("Vary", "Cookie")
        return response
