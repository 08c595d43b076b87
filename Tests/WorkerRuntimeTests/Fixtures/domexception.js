// DOMException (WebIDL §2.8.1).

test("DOMException is a global constructor", () => {
  assertEquals(typeof DOMException, "function");
  assertEquals(DOMException.name, "DOMException");
  assertEquals(DOMException.length, 0);
});

test("DOMException global is non-enumerable", () => {
  const d = Object.getOwnPropertyDescriptor(globalThis, "DOMException");
  assertEquals(d.enumerable, false);
  assertEquals(d.writable, true);
  assertEquals(d.configurable, true);
});

test("new DOMException() defaults", () => {
  const e = new DOMException();
  assertEquals(e.name, "Error");
  assertEquals(e.message, "");
  assertEquals(e.code, 0);
});

test("message and name are taken from the arguments", () => {
  const e = new DOMException("boom", "DataError");
  assertEquals(e.message, "boom");
  assertEquals(e.name, "DataError");
});

test("name and message are converted to strings", () => {
  const e = new DOMException(42, { toString() { return "AbortError"; } });
  assertEquals(e.message, "42");
  assertEquals(e.name, "AbortError");
});

test("undefined message becomes the empty string", () => {
  assertEquals(new DOMException(undefined, "AbortError").message, "");
});

test("null message becomes 'null'", () => {
  assertEquals(new DOMException(null).message, "null");
});

test("is an instance of Error", () => {
  assert(new DOMException("x") instanceof Error);
});

test("prototype chain goes through Error.prototype", () => {
  assertEquals(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
});

test("Object.prototype.toString gives [object DOMException]", () => {
  assertEquals(Object.prototype.toString.call(new DOMException("x")), "[object DOMException]");
});

test("toString uses Error.prototype.toString", () => {
  assertEquals(String(new DOMException("went wrong", "NotFoundError")), "NotFoundError: went wrong");
});

test("has a stack", () => {
  const e = new DOMException("with stack", "AbortError");
  assertEquals(typeof e.stack, "string");
  assert(e.stack.includes("with stack"), "stack mentions the message: " + e.stack);
});

test("name, message and code are not own properties", () => {
  const e = new DOMException("m", "AbortError");
  assertEquals(Object.prototype.hasOwnProperty.call(e, "name"), false);
  assertEquals(Object.prototype.hasOwnProperty.call(e, "message"), false);
  assertEquals(Object.prototype.hasOwnProperty.call(e, "code"), false);
});

test("name, message and code are prototype getters", () => {
  for (const key of ["name", "message", "code"]) {
    const d = Object.getOwnPropertyDescriptor(DOMException.prototype, key);
    assertEquals(typeof d.get, "function", key);
    assertEquals(d.set, undefined, key);
    assertEquals(d.enumerable, true, key);
  }
});

test("getters brand-check their receiver", () => {
  const getName = Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get;
  assertThrows(() => getName.call({}), TypeError);
  assertThrows(() => DOMException.prototype.code, TypeError);
});

test("legacy code of AbortError is 20", () => {
  assertEquals(new DOMException("", "AbortError").code, 20);
});

test("legacy codes follow the table", () => {
  const table = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
    InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
    InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  for (const name of Object.keys(table)) assertEquals(new DOMException("", name).code, table[name], name);
});

test("names without a legacy code have code 0", () => {
  for (const name of ["DataError", "EncodingError", "NotReadableError", "OperationError", "UnknownError",
    "DOMStringSizeError", "NoDataAllowedError", "ValidationError", "abortError"]) {
    assertEquals(new DOMException("", name).code, 0, name);
  }
});

test("constants exist on the constructor", () => {
  assertEquals(DOMException.INDEX_SIZE_ERR, 1);
  assertEquals(DOMException.DOMSTRING_SIZE_ERR, 2);
  assertEquals(DOMException.ABORT_ERR, 20);
  assertEquals(DOMException.TIMEOUT_ERR, 23);
  assertEquals(DOMException.DATA_CLONE_ERR, 25);
});

test("constants exist on the prototype and instances", () => {
  assertEquals(DOMException.prototype.ABORT_ERR, 20);
  assertEquals(new DOMException().QUOTA_EXCEEDED_ERR, 22);
});

test("constants are read-only and enumerable", () => {
  const d = Object.getOwnPropertyDescriptor(DOMException, "ABORT_ERR");
  assertEquals(d.writable, false);
  assertEquals(d.enumerable, true);
  assertEquals(d.configurable, false);
});

test("calling without new throws TypeError", () => {
  assertThrows(() => DOMException("x"), TypeError);
});

test("can be subclassed", () => {
  class MyError extends DOMException {
    constructor() { super("sub", "SyntaxError"); }
  }
  const e = new MyError();
  assert(e instanceof DOMException);
  assertEquals(e.name, "SyntaxError");
  assertEquals(e.code, 12);
});

test("can be thrown and caught by name", () => {
  assertThrows(() => { throw new DOMException("x", "InvalidStateError"); }, "InvalidStateError");
});

test("a Symbol name throws TypeError", () => {
  assertThrows(() => new DOMException("x", Symbol("s")), TypeError);
});

test("prototype constructor is DOMException", () => {
  assertEquals(DOMException.prototype.constructor, DOMException);
});
