/// Host ops answered inside the runtime itself (they need no outside world): URL parsing.
enum BuiltinOps {
    /// Handles `op` when it is built in; returns nil to let the isolate's host answer it.
    static func handle(_ op: HostOp, _ args: HostOpArguments, _ result: HostOpResult) -> Void? {
        switch op {
        case .urlParse:
            URLOps.parse(args, result)
            return ()
        case .urlSet:
            URLOps.set(args, result)
            return ()
        default:
            return nil
        }
    }
}
