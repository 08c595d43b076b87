// 42_webassembly.js — WebAssembly's promise-returning entry points, compiled synchronously.
//
// V8's own WebAssembly.compile / instantiate(bytes) finish their work in platform foreground tasks, and
// the bridge never pumps V8's platform message loop, so those promises would never settle. These
// replacements compile with the synchronous `new WebAssembly.Module(bytes)` inside the promise executor:
// the result still arrives through a promise (errors as rejections, as the JS API says), and the compile
// time counts as the isolate's CPU time like any other work of the request.
// compileStreaming / instantiateStreaming (absent from V8 without an embedder callback) read a Response
// (or a promise of one) whose Content-Type is application/wasm.

/**
 * Installs the replacements on the context's WebAssembly namespace. Called by the `setup` entry: V8
 * adds WebAssembly to a context when it is created from the snapshot, after this file ran.
 */
function wasmInstallPromiseEntryPoints() {
  const namespace = globalObject.WebAssembly;
  if (!isObject(namespace)) return;
  const WasmModule = namespace.Module;
  const WasmInstance = namespace.Instance;

  const compileSync = (bytes) => new WasmModule(bytes);
  const instantiateSync = (source, importObject) => {
    if (source instanceof WasmModule) return new WasmInstance(source, importObject);
    const module = new WasmModule(source);
    return { module, instance: new WasmInstance(module, importObject) };
  };
  /** The bytes of a Response for the streaming entry points (Web API, "compile a potential WebAssembly response"). */
  const responseBytes = (source) => PromisePrototypeThen.call(PromiseResolve(source), (response) => {
    if (!(response instanceof Response)) throw new TypeError_("WebAssembly: the argument is not a Response");
    const type = response.headers.get("content-type");
    if (type === null || StringPrototypeToLowerCase.call(StringPrototypeTrim.call(type)) !== "application/wasm") {
      throw new TypeError_("WebAssembly: the Response's Content-Type is not application/wasm");
    }
    if (!response.ok) throw new TypeError_(`WebAssembly: the Response status is ${response.status}`);
    return response.arrayBuffer();
  });

  const methods = {
    compile(bytes) {
      return new Promise_((resolve) => resolve(compileSync(bytes)));
    },
    instantiate(source, importObject = undefined) {
      return new Promise_((resolve) => resolve(instantiateSync(source, importObject)));
    },
    compileStreaming(source) {
      return PromisePrototypeThen.call(responseBytes(source), compileSync);
    },
    instantiateStreaming(source, importObject = undefined) {
      return PromisePrototypeThen.call(responseBytes(source), (bytes) => instantiateSync(bytes, importObject));
    },
  };
  // WebIDL namespace operations: writable, enumerable, configurable.
  for (const name of ObjectKeys(methods)) {
    ObjectDefineProperty(namespace, name, { value: methods[name], writable: true, enumerable: true, configurable: true });
  }
}
