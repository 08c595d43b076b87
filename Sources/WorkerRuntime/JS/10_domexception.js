// 10_domexception.js — DOMException (WebIDL §2.8.1) and the `newDOMException` helper for later files.
//
// The instance carries no own `name`/`message`/`code` (they are accessors on the prototype, as WebIDL
// requires); it does get an own `stack` from Error.captureStackTrace, like V8's own DOMException.

const ErrorCaptureStackTrace = Error.captureStackTrace;
const ErrorPrototype = Error.prototype;

/** Legacy code table: the error names that have a legacy code, and their constant names. */
const domExceptionLegacyCodes = [
  // [name, code, constant]
  ["IndexSizeError", 1, "INDEX_SIZE_ERR"],
  [null, 2, "DOMSTRING_SIZE_ERR"],
  ["HierarchyRequestError", 3, "HIERARCHY_REQUEST_ERR"],
  ["WrongDocumentError", 4, "WRONG_DOCUMENT_ERR"],
  ["InvalidCharacterError", 5, "INVALID_CHARACTER_ERR"],
  [null, 6, "NO_DATA_ALLOWED_ERR"],
  ["NoModificationAllowedError", 7, "NO_MODIFICATION_ALLOWED_ERR"],
  ["NotFoundError", 8, "NOT_FOUND_ERR"],
  ["NotSupportedError", 9, "NOT_SUPPORTED_ERR"],
  ["InUseAttributeError", 10, "INUSE_ATTRIBUTE_ERR"],
  ["InvalidStateError", 11, "INVALID_STATE_ERR"],
  ["SyntaxError", 12, "SYNTAX_ERR"],
  ["InvalidModificationError", 13, "INVALID_MODIFICATION_ERR"],
  ["NamespaceError", 14, "NAMESPACE_ERR"],
  ["InvalidAccessError", 15, "INVALID_ACCESS_ERR"],
  [null, 16, "VALIDATION_ERR"],
  ["TypeMismatchError", 17, "TYPE_MISMATCH_ERR"],
  ["SecurityError", 18, "SECURITY_ERR"],
  ["NetworkError", 19, "NETWORK_ERR"],
  ["AbortError", 20, "ABORT_ERR"],
  ["URLMismatchError", 21, "URL_MISMATCH_ERR"],
  ["QuotaExceededError", 22, "QUOTA_EXCEEDED_ERR"],
  ["TimeoutError", 23, "TIMEOUT_ERR"],
  ["InvalidNodeTypeError", 24, "INVALID_NODE_TYPE_ERR"],
  ["DataCloneError", 25, "DATA_CLONE_ERR"],
];
const domExceptionCodeByName = new Map_();
for (const [name, code] of domExceptionLegacyCodes) {
  if (name !== null) MapPrototypeSet.call(domExceptionCodeByName, name, code);
}

let domExceptionIsInstance; // (value) => boolean, set by the class's static block

class DOMException {
  #name;
  #message;

  constructor(message = undefined, name = undefined) {
    this.#message = message === undefined ? "" : toDOMString(message);
    this.#name = name === undefined ? "Error" : toDOMString(name);
    // After the fields: V8 formats the stack header from the `name`/`message` getters.
    if (typeof ErrorCaptureStackTrace === "function") ErrorCaptureStackTrace(this, new.target);
  }

  get name() {
    if (!(#name in this)) throw new TypeError_("Illegal invocation");
    return this.#name;
  }

  get message() {
    if (!(#name in this)) throw new TypeError_("Illegal invocation");
    return this.#message;
  }

  get code() {
    if (!(#name in this)) throw new TypeError_("Illegal invocation");
    return MapPrototypeGet.call(domExceptionCodeByName, this.#name) ?? 0;
  }

  static {
    domExceptionIsInstance = (v) => isObject(v) && #name in v;
  }
}

ObjectSetPrototypeOf(DOMException.prototype, ErrorPrototype);
setToStringTag(DOMException, "DOMException");
makeEnumerable(DOMException, ["name", "message", "code"]);
for (const [, code, constant] of domExceptionLegacyCodes) {
  defineConstant(DOMException, constant, code);
  defineConstant(DOMException.prototype, constant, code);
}

/** A DOMException for glue code: `throw newDOMException("bad input", "InvalidCharacterError")`. */
function newDOMException(message, name) {
  return new DOMException(message, name);
}

exposeGlobal("DOMException", DOMException);
