//! Builds the runtime's WebAssembly blob (unless `SKIP_WASM_BUILD` is set).

#[cfg(feature = "std")]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}
