//! The one tokio runtime every client of this process shares, and its bridge to asyncio.
//!
//! A runtime's threads do not survive `os.fork`: the child sees a runtime whose workers are gone
//! and whose I/O driver shares an epoll instance with the parent. So the runtime is tied to the
//! process id; a forked child gets a fresh one on first use, and the inherited one is leaked, never
//! dropped (dropping it would deregister the parent's sockets from that shared epoll).
//!
//! `AsyncFlow`'s calls are asyncio futures that the runtime's threads complete in batches (see
//! [`Inbox`]), rather than through pyo3-async-runtimes, which hops to a blocking thread and takes
//! the GIL there for every call.

use std::any::Any;
use std::cell::RefCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyTuple};
use pyo3::{intern, IntoPyObjectExt};
use tokio::runtime::{Builder, Handle, Runtime};

static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

/// The runtime of this process, created on first use and again after a fork.
///
/// Called with the GIL held: a fork (which Python performs holding the GIL) can then never catch
/// another thread inside the lock.
pub fn handle() -> PyResult<Handle> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((owner, runtime)) = *slot {
        if owner == pid {
            return Ok(runtime.handle().clone());
        }
    }
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("flow-api")
        .enable_all()
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("could not start the I/O runtime: {e}")))?;
    let runtime: &'static Runtime = Box::leak(Box::new(runtime));
    *slot = Some((pid, runtime));
    Ok(runtime.handle().clone())
}

/// Wraps a Rust future in an asyncio future of the running event loop.
///
/// The future runs on the process runtime; its answer is queued in the loop's [`Inbox`] and set
/// on the loop's own thread, where it is also converted to Python objects. Cancelling the asyncio
/// future (its task was cancelled) drops the Rust future.
pub fn awaitable<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let event_loop = py
        .import(intern!(py, "asyncio"))?
        .call_method0(intern!(py, "get_running_loop"))?;
    let answer = event_loop.call_method0(intern!(py, "create_future"))?;
    let inbox = Inbox::of(&event_loop)?;
    let settle = answer.clone().unbind();
    let task = handle()?.spawn(async move {
        let result = AssertUnwindSafe(fut).catch_unwind().await;
        inbox.deliver(settle, move |py| match result {
            Ok(result) => result.and_then(|value| value.into_py_any(py)),
            Err(panic) => Err(PyRuntimeError::new_err(format!(
                "the SDK's call failed with an internal error (please report it): {}",
                panic_message(&*panic)
            ))),
        });
    });
    let abort = task.abort_handle();
    let on_done = PyCFunction::new_closure(
        py,
        None,
        None,
        move |_: &Bound<'_, PyTuple>, _: Option<&Bound<'_, PyDict>>| {
            abort.abort();
        },
    )?;
    answer.call_method1(intern!(py, "add_done_callback"), (on_done,))?;
    Ok(answer)
}

fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}

/// An answer waiting for the loop's thread: the asyncio future and how to make its result.
type Delivery = (
    Py<PyAny>,
    Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>,
);

/// Answers finished on the runtime's threads, waiting to be set on one event loop's futures.
///
/// Calls that finish together are handed over in one batch: only the first answer of a batch
/// asks the loop (one `call_soon_threadsafe`) to run [`Inbox::settle`], which sets them all. So a
/// fan-out of many calls wakes the loop a few times rather than once per call, and the runtime's
/// threads take the GIL once per batch, never to convert a result.
struct Inbox {
    event_loop: Py<PyAny>,
    pending: Mutex<(Vec<Delivery>, bool)>,
}

thread_local! {
    /// The inbox of the loop last used on this thread (a thread runs one loop at a time).
    static CURRENT: RefCell<Option<Arc<Inbox>>> = const { RefCell::new(None) };
}

impl Inbox {
    /// The inbox of `event_loop`, made when the thread first uses that loop.
    fn of(event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Self>> {
        CURRENT.with_borrow_mut(|current| {
            if let Some(inbox) = current
                .as_ref()
                .filter(|i| i.event_loop.bind(event_loop.py()).is(event_loop))
            {
                return Ok(Arc::clone(inbox));
            }
            let inbox = Arc::new(Self {
                event_loop: event_loop.clone().unbind(),
                pending: Mutex::new((Vec::new(), false)),
            });
            *current = Some(Arc::clone(&inbox));
            Ok(inbox)
        })
    }

    /// Queues an answer; the first of a batch schedules [`Inbox::settle`] on the loop, from a
    /// blocking thread so that no runtime thread waits for the GIL.
    fn deliver(
        self: Arc<Self>,
        future: Py<PyAny>,
        result: impl FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send + 'static,
    ) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.0.push((future, Box::new(result)));
        if std::mem::replace(&mut pending.1, true) {
            return;
        }
        drop(pending);
        tokio::task::spawn_blocking(move || {
            Python::attach(|py| {
                let inbox = Arc::clone(&self);
                let settle = PyCFunction::new_closure(
                    py,
                    None,
                    None,
                    move |args: &Bound<'_, PyTuple>, _: Option<&Bound<'_, PyDict>>| {
                        inbox.settle(args.py());
                    },
                );
                // A closed loop runs nothing more; its futures are dropped with the queue.
                let scheduled = settle.and_then(|settle| {
                    self.event_loop
                        .bind(py)
                        .call_method1(intern!(py, "call_soon_threadsafe"), (settle,))
                });
                if scheduled.is_err() {
                    let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
                    pending.0.clear();
                }
            });
        });
    }

    /// Sets every queued answer on its future (on the loop's thread), skipping cancelled ones.
    fn settle(&self, py: Python<'_>) {
        let batch = {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            pending.1 = false;
            std::mem::take(&mut pending.0)
        };
        for (future, result) in batch {
            let future = future.bind(py);
            if future
                .call_method0(intern!(py, "cancelled"))
                .and_then(|c| c.is_truthy())
                .unwrap_or(true)
            {
                continue;
            }
            let set = match result(py) {
                Ok(value) => future.call_method1(intern!(py, "set_result"), (value,)),
                Err(error) => future.call_method1(intern!(py, "set_exception"), (error.into_value(py),)),
            };
            if let Err(error) = set {
                error.write_unraisable(py, Some(future));
            }
        }
    }
}
