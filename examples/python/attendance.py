# %% [markdown]
# # Attendance of past sessions, with pandas
#
# A notebook-style script (the `# %%` cells open as a notebook in VS Code or Jupytext). It pulls
# the past sessions and their registrants, and builds one attendance table: who registered, who
# came, and for how long. It runs against the bundled sandbox; with a real account, use
# `Flow()` (reading `FLOW_API_SECRET`) instead of `sandbox.client()`.

# %%
from __future__ import annotations

import pandas as pd

from flow_api import Sandbox

sandbox = Sandbox(seed=42)
client = sandbox.client()

# %% [markdown]
# ## Sessions
# In a notebook, the list itself renders as a table.

# %%
sessions = client.events.list(period="past")
sessions_frame = pd.DataFrame([s.to_dict() for s in sessions])[["token", "title", "date", "duration"]]
print(sessions_frame.to_string(index=False))

# %% [markdown]
# ## Registrants, one row per person and session

# %%
frames = []
for session in sessions:
    assert session.token is not None
    registrants = client.registrants.list(session.token)
    frame = pd.DataFrame([r.to_dict() for r in registrants])
    frame["session"] = session.title
    frame["attended"] = [r.attended for r in registrants]
    frames.append(frame)
people = pd.concat(frames, ignore_index=True)
for column in ("entryTime", "exitTime"):
    people[column] = pd.to_datetime(people[column].replace("", None), errors="coerce")
people["minutes"] = (people["exitTime"] - people["entryTime"]).dt.total_seconds() / 60

# %% [markdown]
# ## The attendance table

# %%
attendance = (
    people.groupby("session")
    .agg(
        registered=("email", "count"),
        attended=("attended", "sum"),
        median_minutes=("minutes", "median"),
    )
    .assign(rate=lambda t: (t["attended"] / t["registered"]).round(2))
    .sort_values("rate", ascending=False)
)
print(attendance.to_string())

# %% [markdown]
# ## The same from the CSV report, straight into a DataFrame
# Reports keep every column the server sends, as text.

# %%
first_token = sessions[0].token
assert first_token is not None
report = client.reports.registrants(first_token).to_pandas()
print(report.head().to_string(index=False))

# %%
sandbox.close()
