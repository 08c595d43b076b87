import URLStandard

/// `ops.urlParse` / `ops.urlSet` over the URLStandard parser (README.md, "Host ops").
enum URLOps {
    /// `ops.urlParse(input, base)` → components array, or null when parsing fails.
    static func parse(_ args: HostOpArguments, _ result: HostOpResult) {
        guard let input = args.string(0) else { result.null(); return }
        let base = args.isNullish(1) ? nil : args.string(1)
        guard let url = URLParser.parse(input, base: base) else { result.null(); return }
        result.strings(components(url))
    }

    /// `ops.urlSet(href, part, value)` → components after the setter, or null when nothing changed.
    static func set(_ args: HostOpArguments, _ result: HostOpResult) {
        guard let href = args.string(0), let partName = args.string(1), let part = URLPart(rawValue: partName),
              let value = args.string(2), var url = URLParser.parse(href) else {
            result.null()
            return
        }
        let before = url.href
        _ = url.set(part, value)
        if url.href == before { result.null(); return }
        result.strings(components(url))
    }

    /// `[href, protocol, username, password, host, hostname, port, pathname, search, hash, origin]`
    static func components(_ url: URLRecord) -> [String] {
        [url.href, url.protocolValue, url.username, url.password, url.host, url.hostname, url.port,
         url.pathname, url.search, url.hash, url.origin]
    }
}
