import Locks

/// A list several tasks or threads append to.
final class LockedList<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    func append(_ element: Element) {
        storage.withLock { $0.append(element) }
    }

    var values: [Element] {
        storage.withLock { $0 }
    }
}

/// A flag one task clears and others poll.
final class Flag: Sendable {
    private let storage: Mutex<Bool>

    init(_ value: Bool) {
        storage = Mutex(value)
    }

    var value: Bool {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
