import Foundation
import Locks

/// One reply being spoken: its sentences, its settings, and the stream its audio goes to.
final class FliteJob: @unchecked Sendable {  // `next` is touched only by the one worker holding the job; the queue's lock hands it over
    let sentences: [String]
    let settings: VoiceSettings
    let continuation: AsyncThrowingStream<AudioChunk, any Error>.Continuation
    /// The index of the next sentence to synthesise.
    var next = 0
    private let cancelled = Atomic<Bool>(false)

    init(sentences: [String], settings: VoiceSettings, continuation: AsyncThrowingStream<AudioChunk, any Error>.Continuation) {
        self.sentences = sentences
        self.settings = settings
        self.continuation = continuation
    }

    /// Set when the consumer went away (a barge-in cancelled its task, or it dropped the stream).
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
    func cancel() { cancelled.store(true, ordering: .relaxed) }
}

/// The jobs waiting for a synthesis thread. A worker takes one sentence of a job at a time and puts
/// the job back for its next sentence, so concurrent replies take turns; a reply that has not
/// started yet goes before the next sentence of one already speaking (its first audio is what a
/// caller waits for, while the other still has a sentence playing).
final class FliteWorkQueue: Sendable {
    private struct State {
        var starting: [FliteJob] = []
        var continuing: [FliteJob] = []
        var closed = false
    }

    private let condition = NSCondition()
    private nonisolated(unsafe) var state = State()  // guarded by `condition`

    /// Queues `job` behind others of its kind.
    func submit(_ job: FliteJob) {
        condition.lock()
        if job.next == 0 { state.starting.append(job) } else { state.continuing.append(job) }
        condition.signal()
        condition.unlock()
    }

    /// The next job to work on, waiting for one; nil once the queue is closed and empty.
    func take() -> FliteJob? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if !state.starting.isEmpty { return state.starting.removeFirst() }
            if !state.continuing.isEmpty { return state.continuing.removeFirst() }
            if state.closed { return nil }
            condition.wait()
        }
    }

    /// No more jobs will come: workers finish what is queued, then stop.
    func close() {
        condition.lock()
        state.closed = true
        condition.broadcast()
        condition.unlock()
    }
}
