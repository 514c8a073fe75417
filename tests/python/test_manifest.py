"""The stubs and the runtime classes against tests/manifest.json (the core's operation, model and
settings tables, written by `make manifest`): a method, argument, model field or setting missing or
extra anywhere fails here. The stub `python/flow_api/_native.pyi` is read with `ast`, so what IDEs
and mypy see is checked, not only what the extension does."""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

import flow_api
from flow_api import AsyncFlow, Flow, Request, Response

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "tests" / "manifest.json").read_text(encoding="utf-8"))
STUB = ROOT / "python" / "flow_api" / "_native.pyi"
OPERATIONS: list[dict[str, Any]] = MANIFEST["operations"]
MODELS: dict[str, list[dict[str, str]]] = {m["name"]: m["fields"] for m in MANIFEST["models"]}
SETTINGS = [s["name"] for s in MANIFEST["settings"]]
CALL_OPTIONS = [s["name"] for s in MANIFEST["call_options"]]
RESOURCES = sorted({op["resource"] for op in OPERATIONS})
JOBS: list[dict[str, Any]] = MANIFEST["jobs"]
ROW_STATUSES: list[str] = MANIFEST["row_statuses"]
REPORT_KINDS: list[str] = MANIFEST["report_kinds"]
# What each job returns in Python (the classes are the binding's own).
JOB_RESULTS = {"registrants.create_many": "BulkResult", "reports.collect": "Report"}

# Members of every model class that are not fields of the table.
MODEL_MEMBERS = {"extra", "_request_id", "to_dict", "from_dict"}
# Members of one model that are not fields (derived from fields by the core).
MODEL_EXTRAS: dict[str, set[str]] = {"Registrant": {"attended"}}
# What a client constructor takes besides the settings: the transport and the test seams.
CONSTRUCTOR_SEAMS = ["transport", "_sleep", "_jitter"]
# Rust field types of the model table as the stubs write them.
SCALARS = {"String": "str", "i64": "int", "f64": "float", "bool": "bool"}


def python_type(rust: str) -> str:
    """`Vec<SessionOperator>` → `list[SessionOperator] | None`; a raw JSON value is `_Json`."""
    rust = rust.replace(" ", "")
    if rust == "serde_json::Value":
        return "_Json"

    def inner(t: str) -> str:
        if t.startswith("Vec<"):
            return f"list[{inner(t[4:-1])}]"
        if t == "serde_json::Map<String,serde_json::Value>":
            return "dict[str, _Json]"
        if t == "serde_json::Value":
            return "_Json"
        return SCALARS.get(t, t)

    return f"{inner(rust)} | None"


def output_type(op: dict[str, Any]) -> str:
    shape, model = op["output"]["shape"], op["output"]["model"]
    return {
        "model": model,
        "list": f"ModelList[{model}]",
        "report": "Report",
        "summary_report": "SummaryReport",
    }[shape]


# ---------------------------------------------------------------- the stub, read with ast


def stub_classes() -> dict[str, ast.ClassDef]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


CLASSES = stub_classes()


def members(cls: ast.ClassDef) -> dict[str, ast.FunctionDef]:
    """The class's defs by name, dunders left out."""
    return {
        node.name: node
        for node in cls.body
        if isinstance(node, ast.FunctionDef) and not (node.name.startswith("__") and node.name.endswith("__"))
    }


def is_property(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list)


def resource_classes(client: str) -> dict[str, str]:
    """Resource name → class name, from the client class's property annotations."""
    return {
        name: ast.unparse(node.returns)
        for name, node in members(CLASSES[client]).items()
        if is_property(node) and node.returns is not None and ast.unparse(node.returns) in CLASSES
    }


def parameters(node: ast.FunctionDef) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(positional, keyword-only) parameters after `self`, each as (name, has a default)."""
    args = node.args
    positional = args.posonlyargs + args.args
    first_default = len(positional) - len(args.defaults)
    pos = [(a.arg, i >= first_default) for i, a in enumerate(positional)][1:]
    kw = [(a.arg, d is not None) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    assert args.vararg is None and args.kwarg is None, f"{node.name} takes *args or **kwargs in the stub"
    return pos, kw


def expected_inputs(op: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(name, False) for name in op["required"]] + [(name, True) for name in op["optional"]]


@pytest.mark.parametrize("client", ["Flow", "AsyncFlow"])
def test_stub_clients_have_every_resource(client: str) -> None:
    assert sorted(resource_classes(client)) == RESOURCES


def methods_of(resource: str) -> set[str]:
    """The methods a resource has: its operations, then its jobs."""
    operations = {op["method"] for op in OPERATIONS if op["resource"] == resource}
    return operations | {job["method"] for job in JOBS if job["resource"] == resource}


@pytest.mark.parametrize("client", ["Flow", "AsyncFlow"])
def test_stub_resources_have_exactly_the_operations_and_jobs(client: str) -> None:
    for resource, class_name in resource_classes(client).items():
        assert set(members(CLASSES[class_name])) == methods_of(resource), class_name


@pytest.mark.parametrize("job", JOBS, ids=[job["name"] for job in JOBS])
@pytest.mark.parametrize("client", ["Flow", "AsyncFlow"])
def test_stub_jobs_take_exactly_their_options(client: str, job: dict[str, Any]) -> None:
    class_name = resource_classes(client)[job["resource"]]
    method = members(CLASSES[class_name]).get(job["method"])
    assert method is not None, f"{class_name}.{job['method']} is missing"
    positional, keywords = parameters(method)
    assert positional == [(job["positional"], False)], f"{class_name}.{job['method']}"
    assert keywords == [(name, True) for name in job["options"]], f"{class_name}.{job['method']}"
    result = JOB_RESULTS[job["name"]]
    wanted = result if client == "Flow" else f"Coroutine[Any, Any, {result}]"
    assert method.returns is not None and ast.unparse(method.returns) == wanted


def test_stub_report_kinds_and_result_statuses_are_the_cores() -> None:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    aliases = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    aliases |= {
        node.target.id: node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
    }
    kinds = aliases["_ReportKind"]
    assert isinstance(kinds, ast.Subscript) and ast.unparse(kinds.value) == "Literal"
    assert [ast.literal_eval(e) for e in kinds.slice.elts] == REPORT_KINDS  # type: ignore[attr-defined]
    counts = {name for name, value in vars(flow_api.BulkResult).items() if isinstance(value, property)}
    assert counts == set(ROW_STATUSES)


@pytest.mark.parametrize("op", OPERATIONS, ids=[op["name"] for op in OPERATIONS])
@pytest.mark.parametrize("client", ["Flow", "AsyncFlow"])
def test_stub_methods_take_exactly_the_inputs(client: str, op: dict[str, Any]) -> None:
    class_name = resource_classes(client)[op["resource"]]
    method = members(CLASSES[class_name]).get(op["method"])
    assert method is not None, f"{class_name}.{op['method']} is missing"
    positional, keywords = parameters(method)
    assert positional == expected_inputs(op), f"{class_name}.{op['method']}"
    assert keywords == [(name, True) for name in CALL_OPTIONS], f"{class_name}.{op['method']}"
    returns = ast.unparse(method.returns) if method.returns else None
    wanted = output_type(op) if client == "Flow" else f"Coroutine[Any, Any, {output_type(op)}]"
    assert returns == wanted, f"{class_name}.{op['method']} returns {returns}"


@pytest.mark.parametrize("model", sorted(MODELS))
def test_stub_models_have_exactly_the_fields(model: str) -> None:
    assert model in CLASSES, f"no stub class {model}"
    stub = members(CLASSES[model])
    fields = {field["name"]: field for field in MODELS[model]}
    assert set(stub) == set(fields) | MODEL_MEMBERS | MODEL_EXTRAS.get(model, set())
    for name, field in fields.items():
        node = stub[name]
        assert is_property(node), f"{model}.{name} is not a property"
        annotation = ast.unparse(node.returns) if node.returns else None
        assert annotation == python_type(field["type"]), f"{model}.{name}: {annotation}, type {field['type']}"


def test_stub_model_members_are_known() -> None:
    """The allowance lists name nothing the stubs lack."""
    for model in MODELS:
        assert MODEL_MEMBERS | MODEL_EXTRAS.get(model, set()) <= set(members(CLASSES[model]))


@pytest.mark.parametrize("client", ["Flow", "AsyncFlow"])
def test_stub_constructor_and_with_options_take_every_setting(client: str) -> None:
    methods = {node.name: node for node in CLASSES[client].body if isinstance(node, ast.FunctionDef)}
    positional, keywords = parameters(methods["__new__"])
    assert positional == [], "every constructor argument is keyword-only"
    assert sorted(keywords) == sorted((name, True) for name in [*SETTINGS, *CONSTRUCTOR_SEAMS])
    positional, keywords = parameters(methods["with_options"])
    assert positional == [] and sorted(keywords) == sorted((name, True) for name in SETTINGS)


def test_stub_sandbox_clients_take_every_other_setting() -> None:
    methods = members(CLASSES["Sandbox"])
    others = sorted((name, True) for name in SETTINGS if name not in ("api_secret", "base_url"))
    for name in ("client", "async_client"):
        assert sorted(parameters(methods[name])[1]) == others


# ---------------------------------------------------------------- the runtime objects


def ok(request: Request) -> Response:
    return Response(200, json={"code": 200, "data": []})


def public(cls: type) -> set[str]:
    return {name for name in vars(cls) if not name.startswith("__")}


@pytest.mark.parametrize("client_class", [Flow, AsyncFlow])
def test_runtime_resources_and_methods(client_class: Any) -> None:
    client = client_class(api_secret="k", base_url="https://flow.test/api/v1", transport=ok)
    for resource in RESOURCES:
        namespace = getattr(client, resource)
        assert public(type(namespace)) == methods_of(resource), type(namespace).__name__
        prefix = "" if client_class is Flow else "Async"
        assert type(namespace).__name__ == prefix + resource_classes("Flow")[resource]
    for op in OPERATIONS:
        method = getattr(getattr(client, op["resource"]), op["method"])
        signature = inspect.signature(method)
        positional = [
            (p.name, p.default is not inspect.Parameter.empty)
            for p in signature.parameters.values()
            if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        ]
        keywords = [p.name for p in signature.parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY]
        assert positional == expected_inputs(op), op["name"]
        assert keywords == CALL_OPTIONS, op["name"]
    for job in JOBS:
        signature = inspect.signature(getattr(getattr(client, job["resource"]), job["method"]))
        kinds = [(p.name, p.kind) for p in signature.parameters.values()]
        assert kinds == [
            (job["positional"], inspect.Parameter.POSITIONAL_OR_KEYWORD),
            *[(name, inspect.Parameter.KEYWORD_ONLY) for name in job["options"]],
        ], job["name"]


@pytest.mark.parametrize("model", sorted(MODELS))
def test_runtime_models_have_exactly_the_fields(model: str) -> None:
    cls = getattr(flow_api, model)
    fields = {field["name"] for field in MODELS[model]}
    assert public(cls) == fields | MODEL_MEMBERS | MODEL_EXTRAS.get(model, set())
    empty = cls.from_dict({})
    assert all(getattr(empty, field) is None for field in fields)


@pytest.mark.parametrize("client_class", [Flow, AsyncFlow])
def test_runtime_clients_take_every_setting(client_class: Any) -> None:
    parameters = inspect.signature(client_class).parameters
    assert list(parameters) == [*[name for name in parameters if name in SETTINGS], *CONSTRUCTOR_SEAMS]
    assert sorted(name for name in parameters if name in SETTINGS) == sorted(SETTINGS)
    every = dict.fromkeys(SETTINGS)
    client = client_class(**every, transport=ok)
    assert type(client.with_options(**every)) is client_class
    for name in SETTINGS:
        with pytest.raises(flow_api.InvalidRequestError) as caught:
            client.with_options(**{name: object()})
        assert caught.value.field == name
    with pytest.raises(flow_api.InvalidRequestError) as unknown:
        client.with_options(not_a_setting=1)
    assert unknown.value.field == "not_a_setting"


def test_the_manifest_is_the_cores() -> None:
    """A sanity check of the file itself, so an empty or truncated manifest cannot pass the above."""
    assert len(OPERATIONS) >= 15 and len(MODELS) >= 9 and "api_secret" in SETTINGS
    assert {job["name"] for job in JOBS} == set(JOB_RESULTS) and len(ROW_STATUSES) == 6 and REPORT_KINDS
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", op["name"]) for op in OPERATIONS)
    assert CALL_OPTIONS == ["timeout", "max_retries", "extra_headers"]
