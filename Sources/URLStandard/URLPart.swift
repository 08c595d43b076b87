/// The settable attributes of the JS `URL` class (§6.1), by their JS names.
public enum URLPart: String, Sendable, CaseIterable {
    case href
    case protocol_ = "protocol"
    case username, password, host, hostname, port, pathname, search, hash
}
