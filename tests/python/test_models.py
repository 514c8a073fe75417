"""Models, reports and exceptions as Python objects: attributes, to_dict, equality, pickling,
DataFrames, notebook display."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest

import flow_api
from flow_api import Flow, Report, Request, Response, Sandbox

from conftest import MockControl

PAST = "LKo586mmk7g"


@pytest.fixture(scope="module")
def fetched(sandbox: Sandbox) -> dict[str, Any]:
    client = sandbox.client()
    survey = client.surveys.list(PAST)[0]
    return {
        "sessions": client.events.list(simple_analytics=True),
        "session": client.events.get(PAST),
        "registrants": client.registrants.list(PAST),
        "registration": client.registrants.create("T35tT0K3n", "pickle@example.com", "Pi", "Ckle"),
        "operators": client.operators.list(),
        "surveys": [survey],
        "rooms": client.sso.rooms("acc0untT0k3n"),
        "report": client.reports.registrants(PAST),
        "survey_report": client.reports.survey(PAST, survey.id),
        "summary": client.reports.summary(PAST),
    }


def test_snake_case_attributes_and_wire_names(fetched: dict[str, Any]) -> None:
    session = fetched["session"]
    assert isinstance(session, flow_api.EventSession)
    assert session.to_dict()["token"] == session.token == PAST
    assert session.to_dict().get("eventToken") == session.event_token
    assert session.early_access_period == session.to_dict().get("earlyAccessPeriod")
    assert isinstance(session.creator, flow_api.Person) and session.creator.first_name
    assert all(isinstance(op, flow_api.SessionOperator) for op in session.operators or [])
    registration = fetched["registration"]
    assert registration.is_new is True and registration.to_dict()["isNew"] is True
    assert "passCode" not in registration.to_dict() or registration.pass_code is not None
    registrant = fetched["registrants"][0]
    assert registrant.first_name == registrant.to_dict()["firstName"]
    assert registrant.attended == bool((registrant.entry_time or "").strip())


def test_unknown_fields_are_kept() -> None:
    def handler(request: Request) -> Response:
        item = {"token": "t0k", "title": "T", "published": "1", "language": "en", "nested": {"a": [1, None]}}
        return Response(200, json={"code": 200, "data": [item]})

    session = Flow(api_secret="k", base_url="https://f.test/api/v1", transport=handler).events.list()[0]
    assert session.published is True
    assert session.extra == {"language": "en", "nested": {"a": [1, None]}}
    assert session.to_dict() == {
        "token": "t0k", "title": "T", "published": True, "language": "en", "nested": {"a": [1, None]},
    }  # fmt: skip


@pytest.mark.parametrize(
    "key", ["sessions", "session", "registrants", "registration", "operators", "surveys", "rooms"]
)
def test_models_pickle_compare_and_round_trip(fetched: dict[str, Any], key: str) -> None:
    items = fetched[key] if isinstance(fetched[key], list) else [fetched[key]]
    assert items
    for item in items:
        clone = pickle.loads(pickle.dumps(item))
        assert clone == item and clone is not item and type(clone) is type(item)
        assert type(item).from_dict(item.to_dict()) == item
        assert clone.to_dict() == item.to_dict()
        text = repr(item)
        assert text.startswith(type(item).__name__ + "(") and len(text) < 400
    if len(items) > 1:
        assert items[0] != items[1]
    assert items[0] != "not a model"


def test_created_event_pickles() -> None:
    created = flow_api.CreatedEvent.from_dict({"message": "Event created", "session": {"token": "x"}})
    assert created.session is not None and created.session.token == "x"
    assert pickle.loads(pickle.dumps(created)) == created
    assert flow_api.CreatedEvent.from_dict({}).to_dict() == {}


def test_report_rows_text_and_files(fetched: dict[str, Any], tmp_path: Path) -> None:
    report: Report = fetched["report"]
    rows = list(report)
    assert len(rows) == len(report) > 0
    assert list(rows[0]) == report.columns
    assert report[0] == rows[0] and report[-1] == rows[-1]
    with pytest.raises(IndexError):
        report[len(report)]
    assert report.to_dict()["columns"] == report.columns
    assert report.to_dict()["rows"][0] == list(rows[0].values())
    path = tmp_path / "registrants.csv"
    report.write_csv(path)
    assert path.read_text(encoding="utf-8") == report.text
    assert Report.from_csv(path.read_text(encoding="utf-8")) == report
    assert pickle.loads(pickle.dumps(report)) == report
    summary = fetched["summary"]
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert set(summary.to_dict()) == {"registrants", "attendeeChat", "operatorChat", "surveyResults"}
    assert "rows" in repr(report) and "SummaryReport(" in repr(summary)


def test_dataframes(fetched: dict[str, Any]) -> None:
    import pandas
    import polars
    import pyarrow

    report: Report = fetched["survey_report"]
    frame = report.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == report.columns and len(frame) == len(report)
    assert frame.iloc[0].tolist() == list(report[0].values())
    table = report.to_arrow()
    assert isinstance(table, pyarrow.Table) and table.column_names == report.columns
    assert table.to_pylist() == list(report)
    pl_frame = report.to_polars()
    assert isinstance(pl_frame, polars.DataFrame) and pl_frame.to_dicts() == list(report)
    empty = Report.from_csv("")
    assert empty.columns == [] and len(empty.to_pandas()) == 0


MANIFEST = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "manifest.json").read_text(encoding="utf-8")
)
WIRE_NAMES = {m["name"]: [f["wire"] for f in m["fields"]] for m in MANIFEST["models"]}


@pytest.mark.parametrize(("key", "model"), [("registrants", "Registrant"), ("sessions", "EventSession")])
def test_model_lists_as_dataframes(fetched: dict[str, Any], key: str, model: str) -> None:
    """Columns are the API's field names, in the core's table order, then unknown fields."""
    listing: flow_api.ModelList[Any] = fetched[key]
    dicts = [item.to_dict() for item in listing]
    extra = [name for name in dict.fromkeys(k for d in dicts for k in d) if name not in WIRE_NAMES[model]]
    columns = WIRE_NAMES[model] + extra
    frame = listing.to_pandas()
    assert list(frame.columns) == columns and len(frame) == len(listing)
    assert frame["email" if model == "Registrant" else "token"].tolist() == [d.get(
        "email" if model == "Registrant" else "token") for d in dicts]  # fmt: skip
    table = listing.to_arrow()
    assert table.column_names == columns
    assert table.to_pylist()[0]["token"] == dicts[0]["token"]
    assert listing.to_polars().columns == columns
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "pyarrow", None)
        assert listing.to_polars().columns == columns


def test_an_empty_model_list_has_the_columns(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.client()
    created = client.events.create(1001, "Empty", "No one yet", "2030-01-01", "10:00:00", "UTC")
    assert created.session is not None and created.session.token is not None
    empty = client.registrants.list(created.session.token)
    assert len(empty) == 0
    assert list(empty.to_pandas().columns) == WIRE_NAMES["Registrant"]
    assert empty.to_arrow().column_names == WIRE_NAMES["Registrant"] == empty.to_polars().columns


# Ragged rows, a row that widens the table late, empty and quoted fields, multi-byte text.
AWKWARD_CSV = 'name,note\nAda,"a, ""b""\nc"\n,\nJosé\nZoë,東京,late\n'
AWKWARD_ROWS = [
    {"name": "Ada", "note": 'a, "b"\nc', "column_3": ""},
    {"name": "", "note": "", "column_3": ""},
    {"name": "José", "note": "", "column_3": ""},
    {"name": "Zoë", "note": "東京", "column_3": "late"},
]


def test_dataframes_keep_awkward_values() -> None:
    """The Arrow columns are the core's column buffers: every value must land in its cell."""
    import pyarrow

    report = Report.from_csv(AWKWARD_CSV)
    assert list(report) == AWKWARD_ROWS
    table = report.to_arrow()
    assert table.schema.types == [pyarrow.large_string()] * 3
    assert table.to_pylist() == AWKWARD_ROWS
    assert report.to_pandas().to_dict("records") == AWKWARD_ROWS
    assert report.to_polars().to_dicts() == AWKWARD_ROWS
    header_only = Report.from_csv("a,b\n")
    assert header_only.to_arrow().column_names == ["a", "b"] and len(header_only.to_arrow()) == 0
    assert list(header_only.to_pandas().columns) == ["a", "b"] and len(header_only.to_polars()) == 0


def test_dataframes_without_pyarrow(fetched: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyarrow, pandas and polars are built from one Python list per column instead."""
    report: Report = fetched["report"]
    with_arrow = report.to_pandas()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    frame = report.to_pandas()
    assert frame.to_dict("records") == with_arrow.to_dict("records") == list(report)
    assert report.to_polars().to_dicts() == list(report)
    awkward = Report.from_csv(AWKWARD_CSV)
    assert awkward.to_pandas().to_dict("records") == AWKWARD_ROWS
    assert awkward.to_polars().to_dicts() == AWKWARD_ROWS


def test_missing_optional_dependency_names_the_extra(
    fetched: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for module, extra, method in (
        ("pandas", "pandas", "to_pandas"),
        ("polars", "polars", "to_polars"),
        ("pyarrow", "arrow", "to_arrow"),
    ):
        monkeypatch.setitem(sys.modules, module, None)
        with pytest.raises(ImportError, match=rf"pip install 'flow-api\[{extra}\]'"):
            getattr(fetched["report"], method)()


def test_notebook_tables(fetched: dict[str, Any]) -> None:
    html = fetched["report"]._repr_html_()
    assert html.startswith("<table>") and f"{len(fetched['report'])} rows" in html
    assert html.count("<tr>") == 1 + min(10, len(fetched["report"]))
    sessions = fetched["sessions"]
    assert isinstance(sessions, flow_api.ModelList)
    listing = sessions._repr_html_()
    assert "<th>token</th>" in listing and sessions[0].token in listing
    assert "&lt;" in flow_api.Report.from_csv("a\n<b>\n")._repr_html_()
    assert fetched["summary"]._repr_html_().count("<table>") == 4


def test_exceptions_pickle_with_their_fields() -> None:
    def handler(request: Request) -> Response:
        return Response(429, {"x-request-id": "req-1"}, json={"code": 429, "message": "Slow down"})

    client = Flow(api_secret="k", base_url="https://f.test/api/v1", transport=handler, max_retries=0)
    with pytest.raises(flow_api.RateLimitError) as caught:
        client.operators.list()
    with pytest.raises(flow_api.InvalidRequestError) as invalid:
        client.registrants.create("tok", "not-an-email", "A", "B")
    for error in (caught.value, invalid.value):
        clone = pickle.loads(pickle.dumps(error))
        assert type(clone) is type(error) and str(clone) == str(error)
        assert clone.__dict__ == error.__dict__
    rate = caught.value
    assert (rate.status_code, rate.message, rate.request_id) == (429, "Slow down", "req-1")
    assert isinstance(rate, flow_api.APIStatusError) and isinstance(rate, flow_api.APIError)
    assert invalid.value.field == "email" and isinstance(invalid.value, ValueError)
    assert flow_api.NotFoundError("by hand").status_code is None


def test_exception_hierarchy() -> None:
    assert issubclass(flow_api.APITimeoutError, flow_api.APIConnectionError)
    assert issubclass(flow_api.APIConnectionError, flow_api.APIError)
    assert issubclass(flow_api.APIResponseValidationError, flow_api.APIError)
    assert issubclass(flow_api.InvalidRequestError, flow_api.FlowError)
    assert issubclass(flow_api.InvalidRequestError, ValueError)
    for name in (
        "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError",
        "ConflictError", "UnprocessableEntityError", "RateLimitError", "InternalServerError",
    ):  # fmt: skip
        cls = getattr(flow_api, name)
        assert issubclass(cls, flow_api.APIStatusError) and cls.__module__ == "flow_api"


def test_bad_arguments_raise_before_sending() -> None:
    sent: list[Request] = []

    def handler(request: Request) -> Response:
        sent.append(request)
        return Response(200, json={"code": 200, "data": []})

    client = Flow(api_secret="k", base_url="https://f.test/api/v1", transport=handler)
    cases: list[tuple[Any, str]] = [
        (lambda: client.events.list(period="yesterday"), "period"),  # type: ignore[arg-type]
        (lambda: client.events.list(timeout=-1), "timeout"),
        (lambda: client.events.list(max_retries=-1), "max_retries"),
        (lambda: client.reports.survey(PAST, 1.5), "survey_id"),  # type: ignore[arg-type]
        (lambda: client.sso.login_link("r", "a@b.co", "x*_*y", "z"), "first_name"),
        (
            lambda: client.events.create(
                1, "t", "d", "2024-01-01", "10:00:00", "UTC", operators=[{"id": "x"}]
            ),  # type: ignore[list-item]
            "operators",
        ),
    ]
    for make_call, field in cases:
        with pytest.raises(flow_api.InvalidRequestError) as caught:
            make_call()
        assert caught.value.field == field
    assert sent == []
    with pytest.raises(flow_api.InvalidRequestError):
        Flow(api_secret="k", timeout=0)
    with pytest.raises(TypeError):
        Flow(api_secret="k", transport="not callable")  # type: ignore[arg-type]
