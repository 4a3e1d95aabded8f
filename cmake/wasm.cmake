# Filled by the WebAssembly build: see wasm/.
