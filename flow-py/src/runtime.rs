//! The one tokio runtime every client of this process shares, and its bridge to asyncio.
//!
//! A runtime's threads do not survive `os.fork`: the child sees a runtime whose workers are gone
//! and whose I/O driver shares an epoll instance with the parent. So the runtime is tied to the
//! process id; a forked child gets a fresh one on first use, and the inherited one is leaked, never
//! dropped (dropping it would deregister the parent's sockets from that shared epoll).
//!
//! pyo3-async-runtimes' own tokio runtime is created once per process and cannot be replaced, so
//! `AsyncFlow` goes through its runtime-agnostic `generic` API with [`ForkSafe`] underneath.

use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{self, ContextExt, JoinError};
use pyo3_async_runtimes::TaskLocals;
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

/// The asyncio bridge's view of the process runtime.
pub struct ForkSafe;

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

/// A spawned task, as pyo3-async-runtimes awaits it.
pub struct Join(tokio::task::JoinHandle<()>);

/// Why a spawned task ended without finishing.
pub struct JoinFailed(tokio::task::JoinError);

impl JoinError for JoinFailed {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }

    fn into_panic(self) -> Box<dyn std::any::Any + Send + 'static> {
        self.0.into_panic()
    }
}

impl Future for Join {
    type Output = Result<(), JoinFailed>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map_err(JoinFailed)
    }
}

/// The bridge spawns from Python threads (which hold the GIL, as [`handle`] wants) and from tasks
/// already on the runtime (which must not wait for the GIL).
fn current() -> Handle {
    Handle::try_current()
        .unwrap_or_else(|_| Python::attach(|_| handle()).expect("the I/O runtime could not be started"))
}

impl generic::Runtime for ForkSafe {
    type JoinError = JoinFailed;
    type JoinHandle = Join;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        Join(current().spawn(fut))
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        Join(current().spawn_blocking(f))
    }
}

impl ContextExt for ForkSafe {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        cell.set(locals).expect("a fresh cell is empty");
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|cell| cell.get().cloned())
            .unwrap_or_default()
    }
}

/// Wraps a Rust future in an asyncio awaitable on the running event loop.
pub fn awaitable<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    generic::future_into_py::<ForkSafe, F, T>(py, fut)
}
