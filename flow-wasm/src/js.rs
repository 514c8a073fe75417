//! The few JavaScript globals the crate calls, bound structurally so polyfills and test fakes work.

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue);

    /// `AbortController`, one per attempt so a timeout or a cancelled call stops the fetch.
    #[derive(Clone)]
    pub type AbortController;

    #[wasm_bindgen(constructor)]
    pub fn new() -> AbortController;

    #[wasm_bindgen(method, getter)]
    pub fn signal(this: &AbortController) -> AbortSignal;

    #[wasm_bindgen(method)]
    pub fn abort(this: &AbortController);

    /// Aborts with `reason` (kept as the signal's `reason`); a no-op once aborted.
    #[wasm_bindgen(method, js_name = abort)]
    pub fn abort_with(this: &AbortController, reason: &JsValue);

    /// An `AbortSignal`: the per-attempt one, or the caller's `signal` option.
    pub type AbortSignal;

    #[wasm_bindgen(method, getter)]
    pub fn aborted(this: &AbortSignal) -> bool;

    #[wasm_bindgen(method, getter)]
    pub fn reason(this: &AbortSignal) -> JsValue;

    #[wasm_bindgen(method, catch, js_name = addEventListener)]
    pub fn add_event_listener(this: &AbortSignal, kind: &str, listener: &Function) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = removeEventListener)]
    pub fn remove_event_listener(this: &AbortSignal, kind: &str, listener: &Function) -> Result<(), JsValue>;

    /// `Reflect.set` without js-sys's exception handling, which costs more than the store.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &js_sys::Object, key: &str, value: &JsValue) -> bool;
}

/// `target[key]`, or `undefined` when `target` is not an object or the getter throws.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    if !target.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value` on an object this crate created (which cannot throw).
pub fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    reflect_set(target, key, value);
}

/// Whether a JS value is `undefined` or `null`: an option left out.
pub fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}
