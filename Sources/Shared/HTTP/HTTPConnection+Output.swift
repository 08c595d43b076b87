#if canImport(Glibc)
import Glibc
#endif

/// Output buffering, flushing, epoll interest and timeouts of a connection.
///
/// All response bytes are appended to `output`; the connection is queued once per loop iteration and
/// flushed by the loop's before-wait hook, so every response produced in one iteration (pipelined
/// requests, several streamed writes) leaves in a single `send`.
extension HTTPConnection {
    /// Bytes appended but not yet accepted by the kernel.
    var pendingOutput: Int { output.count - outputSent }

    /// Queues this connection for the loop's flush pass (once per iteration).
    func queueFlush() {
        guard !queuedForFlush, state != .closed else { return }
        queuedForFlush = true
        owner.queueFlush(self)
    }

    /// Writes as much pending output as the socket takes. Called from the flush pass and on EPOLLOUT.
    func flush() {
        queuedForFlush = false
        resumePipelined()
        guard state != .closed else { return }
        var failed = false
        if outputSent < output.count {
            if outputWasDrained {
                // New output after an empty buffer: the stall clock starts now.
                outputWasDrained = false
                lastWriteProgress = owner.loop.iterationTime
            }
            let before = outputSent
            output.withUnsafeBytes { buf in
                while outputSent < buf.count {
                    let n = send(fd, buf.baseAddress! + outputSent, buf.count - outputSent, Int32(MSG_NOSIGNAL))
                    if n > 0 {
                        outputSent += n
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else {
                        failed = !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        break
                    }
                }
            }
            if outputSent != before { lastWriteProgress = owner.loop.iterationTime }
        }
        if failed {
            close()
            return
        }
        if outputSent == output.count {
            if output.capacity > 1 << 20 {
                output = []
            } else {
                output.removeAll(keepingCapacity: true)
            }
            outputSent = 0
            outputWasDrained = true
            if state == .closing {
                finishClosing()
                return
            }
        } else if outputSent >= 64 * 1024 && outputSent * 2 >= output.count {
            output.removeFirst(outputSent)
            outputSent = 0
        }
        if let responder, responder.wantsWritable, pendingOutput <= owner.config.writeLowWater {
            responder.fireWritable()
        }
        afterActivity()
    }

    /// Registers exactly the events the current state needs (epoll_ctl only on change).
    func syncInterest() {
        guard state != .closed else { return }
        var wanted: IOEvents = []
        if wantsInput {
            wanted = [.readable, .readHangup]
        } else if state == .responding {
            wanted = [.readHangup]  // reading paused, but notice a client that leaves
        }
        if pendingOutput > 0 && !queuedForFlush { wanted.insert(.writable) }
        if wanted != interest {
            interest = wanted
            do {
                try owner.loop.modify(fd: fd, events: wanted)
            } catch {
                close()
            }
        }
    }

    /// Arms the timer for the current deadline. Lazy: moving a deadline later costs nothing (the armed
    /// timer re-checks when it fires); only an earlier deadline schedules a new timer.
    func updateDeadline() {
        let deadline = computeDeadline()
        guard deadline != 0 else { return }
        if timer != nil && timerAt <= deadline { return }
        if let timer { owner.loop.cancel(timer) }
        timerAt = deadline
        // unowned: `close()` cancels the timer, and a connection lives until it is closed.
        timer = owner.loop.schedule(deadline: deadline) { [unowned self] in timerFired() }
    }

    private func timerFired() {
        timer = nil
        timerAt = 0
        guard state != .closed else { return }
        let deadline = computeDeadline()
        guard deadline != 0 else { return }
        if deadline > EventLoop.now() {
            updateDeadline()
        } else {
            deadlineExpired()
        }
    }
}
