/// Host ops answered inside the runtime itself (they need no outside world): URL parsing.
enum BuiltinOps {
    /// Answers `op` when it is built in (true); false lets the isolate's host answer it.
    static func handle(_ op: HostOp, _ args: HostOpArguments, _ result: HostOpResult) -> Bool {
        switch op {
        case .urlParse:
            URLOps.parse(args, result)
            return true
        case .urlSet:
            URLOps.set(args, result)
            return true
        default:
            return false
        }
    }
}
