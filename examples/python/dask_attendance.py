# %% [markdown]
# # Attendance of every past session, with Dask
#
# A notebook-style script. One Dask task per past session, on worker processes: each task gets the
# client pickled (a pickle never holds the API secret: the unpickled client reads
# `FLOW_API_SECRET` on the worker), reads the session's registrants report and returns it as an
# Arrow table; Dask stacks them into one DataFrame. The same runs on a real cluster: give the
# workers `FLOW_API_SECRET` (their environment, a secret manager), not the pickle.
#
# It runs against the bundled sandbox, which lives in this process: the workers reach it over
# loopback, and are given its secret through the environment before they start.

# %%
from __future__ import annotations

import os

import dask.dataframe as dd
import pandas as pd
from dask.delayed import delayed
from dask.distributed import Client, LocalCluster

from flow_api import EventSession, Flow, Sandbox


def registrants(client: Flow, session: EventSession) -> pd.DataFrame:
    """One partition: a session's registrants report, through Arrow, with the session's token."""
    assert session.token is not None
    table = client.reports.registrants(session.token).to_arrow()
    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    frame.insert(0, "Session", session.token)
    return frame


# %%
if __name__ == "__main__":  # worker processes import this file too
    sandbox = Sandbox(seed=42)
    os.environ["FLOW_API_SECRET"] = sandbox.api_secret
    client = sandbox.client()
    past = client.events.list(period="past")

    with LocalCluster(n_workers=2, threads_per_worker=2, dashboard_address=None) as cluster, Client(cluster):
        parts = [delayed(registrants)(client, session) for session in past]
        people = dd.from_delayed(parts, verify_meta=False)
        people["attended"] = people["Entry Time"] != ""
        attendance = people.groupby("Session")["attended"].agg(["count", "sum"]).compute()

    # %% [markdown]
    # ## Registered and attended, per session

    # %%
    attendance.columns = pd.Index(["registered", "attended"])
    print(attendance.sort_index().to_string())
    total = sum(len(client.registrants.list(s.token)) for s in past if s.token)
    assert int(attendance["registered"].sum()) == total, "every registrant of every past session"
    sandbox.close()
