"""What the Python runners of the data-driven suites share (conformance vectors, the fault matrix):
the exception class each neutral error kind maps to, and the forms of the secret no error may show."""

from __future__ import annotations

import flow_api

# The exception class each neutral error kind must raise, exactly.
ERROR_CLASSES: dict[str, type[BaseException]] = {
    "bad_request": flow_api.BadRequestError,
    "authentication": flow_api.AuthenticationError,
    "permission_denied": flow_api.PermissionDeniedError,
    "not_found": flow_api.NotFoundError,
    "conflict": flow_api.ConflictError,
    "unprocessable_entity": flow_api.UnprocessableEntityError,
    "rate_limit": flow_api.RateLimitError,
    "internal_server": flow_api.InternalServerError,
    "api_status": flow_api.APIStatusError,
    "connection": flow_api.APIConnectionError,
    "timeout": flow_api.APITimeoutError,
    "response_validation": flow_api.APIResponseValidationError,
    "invalid_request": flow_api.InvalidRequestError,
    "missing_configuration": flow_api.FlowError,
}


def secret_forms(secret: str) -> list[str]:
    """The secret as a server might echo it: plain, `\\uXXXX`-escaped and `%XX`-encoded (either case)."""
    escaped = "".join(f"\\u{ord(c):04x}" for c in secret)
    percent = "".join(f"%{b:02X}" for b in secret.encode())
    return [secret, escaped, escaped.upper().replace("\\U", "\\u"), percent, percent.lower()]
