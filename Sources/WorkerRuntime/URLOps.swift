/// `ops.urlParse` / `ops.urlSet` over the URLStandard parser.
enum URLOps {
    static func parse(_ args: HostOpArguments, _ result: HostOpResult) {
        result.null() // wired to URLStandard once that module lands
    }

    static func set(_ args: HostOpArguments, _ result: HostOpResult) {
        result.null()
    }
}
