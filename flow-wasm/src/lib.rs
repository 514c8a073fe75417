//! WebAssembly bindings for the Flow SDK (filled by the npm package issue).
