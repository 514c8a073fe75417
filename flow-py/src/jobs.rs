//! What the two jobs (`registrants.create_many`, `reports.collect`) share in Python: the core's
//! job run blocking or as a coroutine like any call, its progress told to a Python callable (or
//! bar), and a Python exception raised inside it (by the rows' iterator, or a progress callback
//! raising `KeyboardInterrupt`) stopping it and reaching the caller as itself.

use std::future::Future;
use std::sync::{Arc, Mutex};

use flow_core::jobs::bulk::{Progress, ProgressSink};
use flow_core::{Client, Error};

use futures_util::future::{AbortHandle, Abortable, BoxFuture, FutureExt};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::client::{block_on, deferred, ClientState};
use crate::convert::{OrRaise, Output};
use crate::runtime;

static JOBS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// A helper of `flow_api._jobs`: the result classes, the rows argument, the progress bar.
pub fn helper<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let module = JOBS.get_or_try_init(py, || py.import("flow_api._jobs").map(Bound::unbind))?;
    module.bind(py).getattr(name)
}

/// The first Python exception raised inside a running job; raising one stops the job.
#[derive(Clone)]
pub struct Interrupt {
    error: Arc<Mutex<Option<PyErr>>>,
    stop: AbortHandle,
}

impl Interrupt {
    /// Keeps `error` (unless one is kept already) and stops the job.
    pub fn raise(&self, error: PyErr) {
        let mut slot = self.error.lock().unwrap_or_else(|p| p.into_inner());
        slot.get_or_insert(error);
        self.stop.abort();
    }

    /// Whether the job was told to stop.
    pub fn raised(&self) -> bool {
        self.stop.is_aborted()
    }

    fn take(&self) -> Option<PyErr> {
        self.error.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// The `progress` argument made into what the core reports to: `_jobs._progress` turns `True`
/// into a bar and checks a callable; `None` and `False` are no progress.
pub fn progress(
    py: Python<'_>,
    progress: Option<Py<PyAny>>,
    unit: &str,
    interrupt: &Interrupt,
) -> PyResult<Option<Arc<dyn ProgressSink>>> {
    let made = helper(py, "_progress")?.call1((progress, unit))?;
    let Some((report, close)) = made.extract::<Option<(Py<PyAny>, Py<PyAny>)>>()? else {
        return Ok(None);
    };
    let interrupt = interrupt.clone();
    Ok(Some(Arc::new(PySink {
        report,
        close,
        interrupt,
    })))
}

/// Calls `report(done, total)` after each finished row or session, from the job's I/O thread;
/// `close()` when the job is over (finished, failed or cancelled).
struct PySink {
    report: Py<PyAny>,
    close: Py<PyAny>,
    interrupt: Interrupt,
}

impl ProgressSink for PySink {
    fn report(&self, progress: &Progress) {
        Python::attach(|py| {
            if let Err(error) = self.report.call1(py, (progress.done, progress.total)) {
                self.interrupt.raise(error);
            }
        });
    }
}

impl Drop for PySink {
    fn drop(&mut self) {
        Python::attach(|py| {
            if let Err(error) = self.close.call0(py) {
                error.write_unraisable(py, None);
            }
        });
    }
}

/// One job call, its arguments converted: the core's future, made when the job starts.
pub type Job<O> = BoxFuture<'static, Result<O, Error>>;

/// A [`Job`] of a closure making the core's future.
pub fn job<O, F>(make: impl FnOnce() -> F + Send + 'static) -> Job<O>
where
    F: Future<Output = Result<O, Error>> + Send + 'static,
{
    Box::pin(async move { make().await })
}

/// Runs a job: `start` converts the arguments (refusing bad ones before anything is sent); `Flow`
/// waits for the job as for any call, `AsyncFlow` returns a coroutine that starts it when
/// awaited. Dropping the waiting future (Ctrl-C, a cancelled task) stops the job.
pub fn run<'py, O, F>(
    py: Python<'py>,
    state: &Arc<ClientState>,
    blocking: bool,
    endpoint: &'static str,
    start: F,
) -> PyResult<Bound<'py, PyAny>>
where
    O: Output,
    F: for<'a> FnOnce(Python<'a>, Client, &Interrupt) -> PyResult<Job<O>> + Send + 'static,
{
    let state = Arc::clone(state);
    let launch = move |py: Python<'_>| -> PyResult<BoxFuture<'static, Done<O>>> {
        let (stop, registration) = AbortHandle::new_pair();
        let interrupt = Interrupt {
            error: Arc::default(),
            stop: stop.clone(),
        };
        let job = start(py, state.job_client(py)?, &interrupt)?;
        let running = runtime::handle()?.spawn(Abortable::new(job, registration));
        Ok(async move {
            let _stop_when_dropped = StopOnDrop(stop);
            let ended = running
                .await
                .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
            let result = ended.unwrap_or(Err(Error::Aborted { endpoint }));
            Done(result, interrupt)
        }
        .boxed())
    };
    if blocking {
        let done = block_on(py, launch(py)?)?;
        done.into_pyobject(py)
    } else {
        deferred(py, move |py| {
            let job = launch(py)?;
            runtime::awaitable(py, job.map(Ok))
        })
    }
}

/// Stops a job when whoever waits for it goes away.
struct StopOnDrop(AbortHandle);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A finished job: its result, or the Python exception that stopped it.
pub struct Done<O>(Result<O, Error>, Interrupt);

impl<'py, O: Output> IntoPyObject<'py> for Done<O> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(error) = self.1.take() {
            return Err(error);
        }
        self.0.or_raise(py)?.into_python(py, None)
    }
}
