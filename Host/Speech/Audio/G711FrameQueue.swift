/// A first-in, first-out buffer that hands out runs from its front without moving the rest
/// on every read.
struct G711FrameQueue<Element: Sendable>: Sendable {
    private var storage: [Element] = []
    private var head = 0

    var count: Int { storage.count - head }

    mutating func append(contentsOf elements: some Sequence<Element>) {
        storage.append(contentsOf: elements)
    }

    /// The first `n` elements, removed, or `nil` when fewer are buffered.
    mutating func take(_ n: Int) -> ArraySlice<Element>? {
        guard count >= n else { return nil }
        let run = storage[head..<head + n]
        head += n
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return run
    }

    mutating func takeAll() -> ArraySlice<Element> {
        take(count) ?? []
    }
}
