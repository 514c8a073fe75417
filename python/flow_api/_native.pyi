"""Type stubs for the Rust extension module ``flow_api._native`` (checked by ``mypy.stubtest``)."""

import os
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, Protocol, final

from typing_extensions import Self, TypeAlias

from flow_api._jobs import BulkResult
from flow_api._support import ModelList, SummaryReport
from flow_api._types import OperatorAssignment

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncEvents",
    "AsyncFlow",
    "AsyncOperators",
    "AsyncRegistrants",
    "AsyncReports",
    "AsyncSso",
    "AsyncSurveys",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "CreatedEvent",
    "EventSession",
    "Events",
    "Flow",
    "FlowError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "Operator",
    "Operators",
    "PermissionDeniedError",
    "Person",
    "RateLimitError",
    "Registrant",
    "Registrants",
    "Registration",
    "Report",
    "ReportRows",
    "Reports",
    "Request",
    "Response",
    "Room",
    "Sandbox",
    "SessionOperator",
    "Sso",
    "Survey",
    "Surveys",
    "UnprocessableEntityError",
    "__version__",
    "_cli_main",
]

__version__: str

_Period: TypeAlias = Literal["current", "past", "future"]
_Json: TypeAlias = Any
_Handler: TypeAlias = Callable[[Request], Response]
_Headers: TypeAlias = Mapping[str, str | None]
_LogLevel: TypeAlias = Literal["debug", "info", "warn", "off"]
_ReportKind: TypeAlias = Literal["registrants", "attendee_chat", "operator_chat", "survey"]
_Progress: TypeAlias = bool | Callable[[int, int | None], object]

class _DataFrame(Protocol):
    """A pandas or polars DataFrame, as ``create_many`` recognises one."""

    @property
    def columns(self) -> Any: ...
    def __len__(self) -> int: ...

_Rows: TypeAlias = Iterable[Mapping[str, Any]] | _DataFrame | str | os.PathLike[str]
_Sessions: TypeAlias = str | EventSession | Iterable[str | EventSession]

# ---------------------------------------------------------------- errors

class FlowError(Exception):
    """Base class of every SDK error; raised itself when a call lacks a setting (the secret).

    ``may_have_been_processed`` is ``False`` only when the server provably did not act on the
    request (nothing was sent, or it answered 4xx or 503); when ``True`` after a write, check with
    ``registrants.list`` (or ``events.list``) before sending it again."""

    kind: str | None
    endpoint: str | None
    status_code: int | None
    message: str | None
    body: str | None
    request_id: str | None
    may_have_been_processed: bool

class APIError(FlowError): ...
class APIStatusError(APIError): ...
class BadRequestError(APIStatusError): ...
class AuthenticationError(APIStatusError): ...
class PermissionDeniedError(APIStatusError): ...
class NotFoundError(APIStatusError): ...
class ConflictError(APIStatusError): ...
class UnprocessableEntityError(APIStatusError): ...
class RateLimitError(APIStatusError): ...
class InternalServerError(APIStatusError): ...
class APIConnectionError(APIError): ...
class APITimeoutError(APIConnectionError): ...
class APIResponseValidationError(APIError): ...

class InvalidRequestError(FlowError, ValueError):
    field: str | None

# ---------------------------------------------------------------- transport seam

@final
class Request:
    """What the SDK asks a ``transport`` handler to send."""

    @property
    def method(self) -> Literal["GET", "POST"]: ...
    @property
    def url(self) -> str: ...
    @property
    def headers(self) -> dict[str, str]: ...
    @property
    def content(self) -> bytes | None: ...
    @property
    def timeout(self) -> float: ...

@final
class Response:
    """A ``transport`` handler's answer."""

    def __new__(
        cls,
        status_code: int = 200,
        headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        content: bytes | str | None = None,
        json: _Json = None,
    ) -> Response: ...
    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> dict[str, str]: ...
    @property
    def content(self) -> bytes: ...

# ---------------------------------------------------------------- models

@final
class Person:
    @property
    def id(self) -> int | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class SessionOperator:
    @property
    def id(self) -> int | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def role(self) -> int | None: ...
    @property
    def mic_enabled(self) -> bool | None: ...
    @property
    def cam_enabled(self) -> bool | None: ...
    @property
    def screen_sharing_enabled(self) -> bool | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class EventSession:
    @property
    def token(self) -> str | None: ...
    @property
    def event_token(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def time(self) -> str | None: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def duration(self) -> float | None: ...
    @property
    def early_access_period(self) -> int | None: ...
    @property
    def published(self) -> bool | None: ...
    @property
    def video_record(self) -> bool | None: ...
    @property
    def on_demand_replays(self) -> bool | None: ...
    @property
    def access_status(self) -> int | None: ...
    @property
    def create_date(self) -> str | None: ...
    @property
    def creator(self) -> Person | None: ...
    @property
    def operators(self) -> list[SessionOperator] | None: ...
    @property
    def analytics(self) -> dict[str, _Json] | None: ...
    @property
    def feedback_questions(self) -> list[_Json] | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class Registration:
    @property
    def url(self) -> str | None: ...
    @property
    def token(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def time(self) -> str | None: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def is_new(self) -> bool | None: ...
    @property
    def pass_code(self) -> str | None: ...
    @property
    def id(self) -> int | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class Registrant:
    @property
    def user_id(self) -> int | None: ...
    @property
    def event_session_id(self) -> int | None: ...
    @property
    def token(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def entry_time(self) -> str | None: ...
    @property
    def exit_time(self) -> str | None: ...
    @property
    def role(self) -> int | None: ...
    @property
    def mic_enabled(self) -> bool | None: ...
    @property
    def cam_enabled(self) -> bool | None: ...
    @property
    def screen_sharing_enabled(self) -> bool | None: ...
    @property
    def attended(self) -> bool: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class Operator:
    @property
    def id(self) -> int | None: ...
    @property
    def user_id(self) -> int | None: ...
    @property
    def token(self) -> str | None: ...
    @property
    def account_token(self) -> str | None: ...
    @property
    def account_service_level(self) -> _Json: ...
    @property
    def email(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def company(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def bio(self) -> str | None: ...
    @property
    def linkedin_url(self) -> str | None: ...
    @property
    def twitter_id(self) -> str | None: ...
    @property
    def avatar_token(self) -> str | None: ...
    @property
    def avatar_extension(self) -> str | None: ...
    @property
    def permission(self) -> int | None: ...
    @property
    def created_by(self) -> int | None: ...
    @property
    def created_date(self) -> int | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class Survey:
    @property
    def id(self) -> int | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def anonymous(self) -> bool | None: ...
    @property
    def result_display_option(self) -> int | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class Room:
    @property
    def id(self) -> int | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def room_id(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def account_token(self) -> str | None: ...
    @property
    def creator_id(self) -> int | None: ...
    @property
    def account_id(self) -> int | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

@final
class CreatedEvent:
    @property
    def message(self) -> str | None: ...
    @property
    def session(self) -> EventSession | None: ...
    @property
    def extra(self) -> dict[str, _Json]: ...
    @property
    def _request_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, _Json]: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, _Json]) -> Self: ...
    def __reduce__(self) -> tuple[Callable[[Mapping[str, _Json]], Self], tuple[dict[str, _Json]]]: ...

# ---------------------------------------------------------------- reports

@final
class ReportRows:
    """Iterator over a report's rows as ``{column: value}`` dicts."""

    def __iter__(self) -> Self: ...
    def __next__(self) -> dict[str, str]: ...
    def __length_hint__(self) -> int: ...

@final
class Report:
    """A CSV report: every column kept, in order; values are text."""

    @classmethod
    def from_csv(cls, text: str) -> Self: ...
    @property
    def columns(self) -> list[str]: ...
    @property
    def text(self) -> str: ...
    @property
    def _request_id(self) -> str | None: ...
    @property
    def failures(self) -> dict[str, FlowError]:
        """For ``reports.collect``: session token to the error its report failed with (the other
        sessions are in the table); empty for every other report."""
    def __len__(self) -> int: ...
    def __getitem__(self, index: int, /) -> dict[str, str]: ...
    def __iter__(self) -> ReportRows: ...
    def write_csv(self, path: str | os.PathLike[str]) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_pandas(self) -> Any: ...
    def to_polars(self) -> Any: ...
    def to_arrow(self) -> Any: ...
    def _arrow(self, pyarrow: Any) -> Any: ...
    def _columns(self) -> dict[str, list[str]]: ...
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Callable[[str], Report], tuple[str], dict[str, Any]]: ...
    def __setstate__(self, state: dict[str, Any], /) -> None: ...

# ---------------------------------------------------------------- resources (blocking)

@final
class Events:
    def list(
        self,
        period: _Period | None = None,
        simple_analytics: bool | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> ModelList[EventSession]: ...
    def get(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> EventSession: ...
    def get_public(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> EventSession: ...
    def create(
        self,
        creator_id: int,
        title: str,
        description: str,
        date: str,
        time: str,
        timezone: str,
        operators: Sequence[OperatorAssignment] | None = None,
        published: bool | None = None,
        duration: float | None = None,
        early_access_period: int | None = None,
        video_record: bool | None = None,
        on_demand_replays: bool | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> CreatedEvent: ...

@final
class Registrants:
    def create(
        self,
        session_token: str,
        email: str,
        first_name: str,
        last_name: str,
        redirect: bool | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Registration: ...
    def list(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> ModelList[Registrant]: ...
    def create_many(
        self,
        rows: _Rows,
        *,
        session_token: str | None = None,
        concurrency: int | None = None,
        journal: str | os.PathLike[str] | None = None,
        progress: _Progress | None = None,
    ) -> BulkResult:
        """Registers every row, concurrently (``concurrency``: default 8, at most 64) and never
        anyone twice; one ``RowResult`` per input row, in input order.

        ``rows``: mappings with ``email``, ``first_name``/``firstName``, ``last_name``/``lastName``
        and optionally ``session_token`` (else the ``session_token`` argument); a pandas or polars
        DataFrame with those columns; or the path of a CSV file with a header. Read as a stream.
        ``journal``: a file recording every row, so a rerun (after a failure or an interruption)
        sends only what is not done, and checks the session before resending a row whose outcome
        was unknown. ``progress``: ``True`` for a bar (tqdm when installed), or a callable
        ``(done, total)`` (``total`` is ``None`` when unknown), called from the SDK's I/O thread."""

@final
class Operators:
    def list(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> ModelList[Operator]: ...

@final
class Surveys:
    def list(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> ModelList[Survey]: ...

@final
class Reports:
    def summary(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> SummaryReport: ...
    def registrants(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Report: ...
    def attendee_chat(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Report: ...
    def operator_chat(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Report: ...
    def survey(
        self,
        session_token: str,
        survey_id: int | str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Report: ...
    def collect(
        self,
        kind: _ReportKind,
        *,
        sessions: _Sessions | None = None,
        period: _Period | None = None,
        survey_id: int | str | None = None,
        concurrency: int | None = None,
        progress: _Progress | None = None,
    ) -> Report:
        """One report of ``kind`` across many sessions: ``sessions`` (tokens or ``EventSession``s)
        or every session of ``period``, ``concurrency`` at a time (default 8); ``survey`` needs
        ``survey_id``. The columns are ``Session Token``, ``Session Title``, then the union of the
        sessions' columns; ``.failures`` maps each session that could not be read to its error."""

@final
class Sso:
    def rooms(
        self,
        account_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> ModelList[Room]: ...
    def login_link(
        self,
        room_id: int | str,
        email: str,
        first_name: str,
        last_name: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Registration: ...

# ---------------------------------------------------------------- resources (asyncio)

@final
class AsyncEvents:
    def list(
        self,
        period: _Period | None = None,
        simple_analytics: bool | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, ModelList[EventSession]]: ...
    def get(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, EventSession]: ...
    def get_public(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, EventSession]: ...
    def create(
        self,
        creator_id: int,
        title: str,
        description: str,
        date: str,
        time: str,
        timezone: str,
        operators: Sequence[OperatorAssignment] | None = None,
        published: bool | None = None,
        duration: float | None = None,
        early_access_period: int | None = None,
        video_record: bool | None = None,
        on_demand_replays: bool | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, CreatedEvent]: ...

@final
class AsyncRegistrants:
    def create(
        self,
        session_token: str,
        email: str,
        first_name: str,
        last_name: str,
        redirect: bool | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, Registration]: ...
    def list(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, ModelList[Registrant]]: ...
    def create_many(
        self,
        rows: _Rows,
        *,
        session_token: str | None = None,
        concurrency: int | None = None,
        journal: str | os.PathLike[str] | None = None,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, BulkResult]:
        """Registers every row, concurrently (``concurrency``: default 8, at most 64) and never
        anyone twice; one ``RowResult`` per input row, in input order.

        ``rows``: mappings with ``email``, ``first_name``/``firstName``, ``last_name``/``lastName``
        and optionally ``session_token`` (else the ``session_token`` argument); a pandas or polars
        DataFrame with those columns; or the path of a CSV file with a header. Read as a stream.
        ``journal``: a file recording every row, so a rerun (after a failure or an interruption)
        sends only what is not done, and checks the session before resending a row whose outcome
        was unknown. ``progress``: ``True`` for a bar (tqdm when installed), or a callable
        ``(done, total)`` (``total`` is ``None`` when unknown), called from the SDK's I/O thread."""

@final
class AsyncOperators:
    def list(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, ModelList[Operator]]: ...

@final
class AsyncSurveys:
    def list(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, ModelList[Survey]]: ...

@final
class AsyncReports:
    def summary(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, SummaryReport]: ...
    def registrants(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, Report]: ...
    def attendee_chat(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, Report]: ...
    def operator_chat(
        self,
        session_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, Report]: ...
    def survey(
        self,
        session_token: str,
        survey_id: int | str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, Report]: ...
    def collect(
        self,
        kind: _ReportKind,
        *,
        sessions: _Sessions | None = None,
        period: _Period | None = None,
        survey_id: int | str | None = None,
        concurrency: int | None = None,
        progress: _Progress | None = None,
    ) -> Coroutine[Any, Any, Report]:
        """One report of ``kind`` across many sessions: ``sessions`` (tokens or ``EventSession``s)
        or every session of ``period``, ``concurrency`` at a time (default 8); ``survey`` needs
        ``survey_id``. The columns are ``Session Token``, ``Session Title``, then the union of the
        sessions' columns; ``.failures`` maps each session that could not be read to its error."""

@final
class AsyncSso:
    def rooms(
        self,
        account_token: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, ModelList[Room]]: ...
    def login_link(
        self,
        room_id: int | str,
        email: str,
        first_name: str,
        last_name: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_headers: _Headers | None = None,
    ) -> Coroutine[Any, Any, Registration]: ...

# ---------------------------------------------------------------- clients

@final
class Flow:
    """The blocking client; every argument is keyword-only, and ``None`` leaves a setting to the
    environment (``FLOW_API_SECRET``, ``FLOW_BASE_URL``, ``FLOW_LOG``) or the default.
    ``api_secret=""`` means no secret. ``timeout`` is in seconds (default 30, at most about 24.8
    days), ``max_retries`` 0 to 10 (default 2), ``max_response_bytes`` bounds each response body
    (default 512 MiB), ``default_headers`` go with every request (a ``None`` value removes a header
    the SDK sets), ``log_level`` is ``FLOW_LOG``'s setting. ``transport`` replaces HTTP with
    ``handler(Request) -> Response``; ``_sleep`` receives each retry delay in seconds instead of
    waiting, ``_jitter`` fixes the retry jitter in [0, 1) (test seams)."""

    def __new__(
        cls,
        *,
        api_secret: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: _Headers | None = None,
        max_response_bytes: int | None = None,
        log_level: _LogLevel | None = None,
        transport: _Handler | None = None,
        _sleep: Callable[[float], object] | None = None,
        _jitter: float | None = None,
    ) -> Flow: ...
    def with_options(
        self,
        *,
        api_secret: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: _Headers | None = None,
        max_response_bytes: int | None = None,
        log_level: _LogLevel | None = None,
    ) -> Self:
        """A client of the same class with these settings on top of this one's (the environment
        is not read again), sharing its connection pool."""
    @property
    def events(self) -> Events: ...
    @property
    def registrants(self) -> Registrants: ...
    @property
    def operators(self) -> Operators: ...
    @property
    def surveys(self) -> Surveys: ...
    @property
    def reports(self) -> Reports: ...
    @property
    def sso(self) -> Sso: ...
    @property
    def base_url(self) -> str: ...
    @property
    def timeout(self) -> float: ...
    @property
    def max_retries(self) -> int: ...
    @property
    def max_response_bytes(self) -> int: ...
    def __reduce__(self) -> tuple[Callable[[dict[str, Any]], Self], tuple[dict[str, Any]]]:
        """Pickles the settings but never the secret: the unpickled client reads
        ``FLOW_API_SECRET`` in the process it lands in (a Dask or Ray worker, a subprocess)."""
    @staticmethod
    def _unpickle(settings: Mapping[str, Any]) -> Flow: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        *_exc_info: object,
    ) -> None: ...

@final
class AsyncFlow:
    """The asyncio client; same arguments as ``Flow``."""

    def __new__(
        cls,
        *,
        api_secret: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: _Headers | None = None,
        max_response_bytes: int | None = None,
        log_level: _LogLevel | None = None,
        transport: _Handler | None = None,
        _sleep: Callable[[float], object] | None = None,
        _jitter: float | None = None,
    ) -> AsyncFlow: ...
    def with_options(
        self,
        *,
        api_secret: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: _Headers | None = None,
        max_response_bytes: int | None = None,
        log_level: _LogLevel | None = None,
    ) -> Self:
        """A client of the same class with these settings on top of this one's (the environment
        is not read again), sharing its connection pool."""
    @property
    def events(self) -> AsyncEvents: ...
    @property
    def registrants(self) -> AsyncRegistrants: ...
    @property
    def operators(self) -> AsyncOperators: ...
    @property
    def surveys(self) -> AsyncSurveys: ...
    @property
    def reports(self) -> AsyncReports: ...
    @property
    def sso(self) -> AsyncSso: ...
    @property
    def base_url(self) -> str: ...
    @property
    def timeout(self) -> float: ...
    @property
    def max_retries(self) -> int: ...
    @property
    def max_response_bytes(self) -> int: ...
    def __reduce__(self) -> tuple[Callable[[dict[str, Any]], Self], tuple[dict[str, Any]]]:
        """Pickles the settings but never the secret: the unpickled client reads
        ``FLOW_API_SECRET`` in the process it lands in (a Dask or Ray worker, a subprocess)."""
    @staticmethod
    def _unpickle(settings: Mapping[str, Any]) -> AsyncFlow: ...
    def close(self) -> Coroutine[Any, Any, None]: ...
    def __aenter__(self) -> Coroutine[Any, Any, Self]: ...
    def __aexit__(
        self,
        *_exc_info: type[BaseException] | BaseException | TracebackType | None,
    ) -> Coroutine[Any, Any, None]: ...

@final
class Sandbox:
    """The bundled mock server, in-process on a free loopback port."""

    def __new__(
        cls,
        seed: int = 42,
        registrants_per_session: int | None = None,
        bench_registrants: int = 0,
        *,
        api_secret: str | None = None,
    ) -> Sandbox: ...
    @property
    def base_url(self) -> str: ...
    @property
    def api_secret(self) -> str: ...
    def client(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: _Headers | None = None,
        max_response_bytes: int | None = None,
        log_level: _LogLevel | None = None,
    ) -> Flow: ...
    def async_client(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: _Headers | None = None,
        max_response_bytes: int | None = None,
        log_level: _LogLevel | None = None,
    ) -> AsyncFlow: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        *_exc_info: object,
    ) -> None: ...

# ---------------------------------------------------------------- command line

def _cli_main(argv: list[str]) -> int:
    """Runs the `flow` command line with ``argv`` (program name first); returns its exit status."""
