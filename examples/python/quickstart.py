"""Quickstart: every Flow API call, against the bundled sandbox (no account or network needed).

    python examples/python/quickstart.py

To talk to the real service instead, set FLOW_API_SECRET and use ``Flow()`` in place of
``sandbox.client()``. ``FLOW_LOG=debug`` logs every attempt (redacted) to stderr.
"""

from __future__ import annotations

import asyncio

import flow_api
from flow_api import AsyncFlow, Flow, Sandbox


def tour(client: Flow) -> None:
    print("== events.list(period='past', simple_analytics=True)")
    past = client.events.list(period="past", simple_analytics=True)
    for session in past:
        print(f"  {session.token}  {session.date} {session.time} {session.timezone}  {session.title}")
    token = past[0].token
    assert token is not None

    print(f"== events.get({token!r})")
    session = client.events.get(token)
    print(f"  {session!r}\n  {len(session.feedback_questions or [])} feedback questions")

    future = client.events.list(period="future")[0]
    assert future.token is not None
    print(f"== events.get_public({future.token!r})  (no secret needed)")
    print(f"  {client.events.get_public(future.token)!r}")

    print("== operators.list()")
    operators = client.operators.list()
    for operator in operators:
        print(f"  {operator.id}  {operator.first_name} {operator.last_name} <{operator.email}>")
    creator = operators[0]
    assert creator.id is not None

    print("== events.create(...)")
    created = client.events.create(
        creator_id=creator.id,
        title="Quarterly product update",
        description="What shipped, what is next, and your questions.",
        date="2031-03-12",
        time="16:00:00",
        timezone="Europe/Berlin",
        operators=[{"id": creator.id, "role": 10, "mic_enabled": True, "cam_enabled": True}],
        duration=1.0,
        early_access_period=10,
    )
    print(f"  {created.message}: {created.session!r}")

    print(f"== registrants.create({future.token!r}, ...)  (no secret needed)")
    registration = client.registrants.create(
        session_token=future.token, email="ana.silva@example.com", first_name="Ana", last_name="Silva"
    )
    print(f"  is_new={registration.is_new}  join at {registration.url}")
    again = client.registrants.create(future.token, "ana.silva@example.com", "Ana", "Silva")
    print(f"  registering again: is_new={again.is_new}, same id: {again.id == registration.id}")

    print(f"== registrants.list({token!r})")
    registrants = client.registrants.list(token)
    came = sum(r.attended for r in registrants)
    print(f"  {len(registrants)} registered, {came} attended; first: {registrants[0]!r}")

    print(f"== surveys.list({token!r})")
    surveys = client.surveys.list(token)
    for survey in surveys:
        print(f"  {survey!r}")

    print(f"== reports.summary({token!r})")
    summary = client.reports.summary(token)
    print(f"  {summary!r}")
    for name, report in (
        ("reports.registrants", client.reports.registrants(token)),
        ("reports.attendee_chat", client.reports.attendee_chat(token)),
        ("reports.operator_chat", client.reports.operator_chat(token)),
    ):
        print(f"== {name}({token!r})\n  {report!r}\n  first row: {report[0] if len(report) else None}")
    survey_id = surveys[0].id
    assert survey_id is not None
    survey_report = client.reports.survey(token, survey_id)
    print(f"== reports.survey({token!r}, {survey_id})\n  {survey_report!r}")

    print("== sso.rooms('acc0untT0k3n')")
    rooms = client.sso.rooms("acc0untT0k3n")
    for room in rooms:
        print(f"  {room!r}")
    room_id = rooms[0].room_id
    assert room_id is not None
    print(f"== sso.login_link({room_id!r}, ...)")
    link = client.sso.login_link(room_id, "member@example.com", "Mo", "Reyes")
    print(f"  {link.url}")

    print("== with_options(...), per-call options and request ids")
    # A client with other settings, sharing this one's connections; every call also takes
    # timeout=, max_retries= and extra_headers=.
    careful = client.with_options(timeout=5.0, max_retries=0, default_headers={"x-team": "docs"})
    listed = careful.events.list(period="past", extra_headers={"x-trace": "quickstart"})
    print(f"  {len(listed)} sessions; request id {listed._request_id} (each item has it too)")

    print("== errors are typed")
    try:
        client.events.get("no-such-session")
    except flow_api.NotFoundError as error:
        print(f"  NotFoundError: status={error.status_code} message={error.message!r} id={error.request_id}")
    try:
        client.registrants.create(future.token, "not an email", "A", "B")
    except flow_api.InvalidRequestError as error:
        # False: refused before sending. True after a write means "check with registrants.list
        # before sending it again".
        print(f"  InvalidRequestError on {error.field!r}: {error}")
        print(f"  may_have_been_processed={error.may_have_been_processed}")
    try:
        client.registrants.list(future.token, colour="blue")  # type: ignore[call-arg]
    except flow_api.InvalidRequestError as error:
        print(f"  an argument the method does not take is refused the same way: {error}")


async def concurrently(client: AsyncFlow, tokens: list[str]) -> None:
    print(f"== AsyncFlow: registrants of {len(tokens)} sessions at once")
    async with client:
        lists = await asyncio.gather(*(client.registrants.list(token) for token in tokens))
    for token, registrants in zip(tokens, lists):
        print(f"  {token}: {len(registrants)} registrants")


def main() -> None:
    with Sandbox(seed=42) as sandbox:
        print(f"Sandbox running at {sandbox.base_url}\n")
        with sandbox.client() as client:
            tour(client)
            tokens = [s.token for s in client.events.list() if s.token is not None]
        asyncio.run(concurrently(sandbox.async_client(), tokens))


if __name__ == "__main__":
    main()
