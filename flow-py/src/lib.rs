//! Python bindings for the Flow SDK (filled by the Python package issue).
