import Foundation

/// A real PostgreSQL server for tests: Debian's binaries (`make test` installs `postgresql`),
/// a cluster made with initdb in a temporary folder, listening on a free loopback port, trust
/// authentication for the test user. Run as root, the server runs as the `postgres` user (initdb
/// refuses root). Stop it with ``stop()``; ``start()`` brings the same cluster back.
public final class TestPostgres: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let bin: URL
    private let asPostgres: Bool

    /// `postgres://smartdesk@127.0.0.1:PORT/DATABASE`.
    public func url(database: String = "postgres") -> String { "postgres://smartdesk@127.0.0.1:\(port)/\(database)" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    nonisolated(unsafe) private static var sharedServer: TestPostgres?
    private static let sharedLock = NSLock()

    /// One server for every test in the process that does not stop it (each test makes its own
    /// database); removed when the process exits.
    public static func shared() throws -> TestPostgres {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let sharedServer { return sharedServer }
        let server = try launch()
        sharedServer = server
        atexit {
            TestPostgres.sharedLock.lock()
            TestPostgres.sharedServer?.destroy()
            TestPostgres.sharedServer = nil
            TestPostgres.sharedLock.unlock()
        }
        return server
    }

    /// Makes a cluster and starts it.
    public static func launch() throws -> TestPostgres {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }).last else {
            throw Failure(description: "PostgreSQL is not installed (/usr/lib/postgresql/*/bin): `make test` installs Debian's postgresql")
        }
        let bin = URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
        let asPostgres = getuid() == 0
        stopLeftovers(bin: bin, asPostgres: asPostgres)
        let directory = URL(fileURLWithPath: "/tmp/smartdesk-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "\(getpid())".write(to: directory.appendingPathComponent("owner"), atomically: true, encoding: .utf8)
        if asPostgres { try run("/bin/chown", ["postgres:postgres", directory.path]) }
        let server = TestPostgres(port: try freePort(), directory: directory, bin: bin, asPostgres: asPostgres)
        try server.command("initdb", ["-D", directory.appendingPathComponent("data").path, "-U", "smartdesk", "--auth=trust",
                                      "--no-sync", "-E", "UTF8", "--locale=C"])
        try server.start()
        return server
    }

    private init(port: Int, directory: URL, bin: URL, asPostgres: Bool) {
        self.port = port
        self.directory = directory
        self.bin = bin
        self.asPostgres = asPostgres
    }

    public func start() throws {
        try command("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-l", directory.appendingPathComponent("log").path,
                               "-w", "-t", "30", "-o", "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
    }

    /// Stops the server at once (open connections are cut, as when a database host goes away).
    public func stop() throws {
        try command("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-w", "-t", "30", "-m", "immediate", "stop"])
    }

    /// Stops it and removes the cluster.
    public func destroy() {
        try? stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs SQL through psql as the test user (to create databases).
    public func psql(_ sql: String, database: String = "postgres") throws {
        try command("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "smartdesk", "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
    }

    /// A new empty database; returns its URL.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    private func command(_ name: String, _ arguments: [String]) throws {
        let path = bin.appendingPathComponent(name).path
        if asPostgres {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try Self.run(path, arguments)
        }
    }

    /// Runs a program to its end (posix_spawn and waitpid: Foundation's `Process` waits for its
    /// own exit signal, which `pg_ctl start` — leaving a server running — holds up). The output
    /// goes to a file, read back for the error message.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let outputPath = "/tmp/smartdesk-pg-output-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0, code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw Failure(description: "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.prefix(6).joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }

    /// Clusters a killed test run left running (their owner process is gone): stopped, removed.
    static func stopLeftovers(bin: URL, asPostgres: Bool) {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for folder in folders where folder.hasPrefix("smartdesk-pg-") && !folder.hasPrefix("smartdesk-pg-output") {
            let owner = (try? String(contentsOfFile: "/tmp/\(folder)/owner", encoding: .utf8)).flatMap { Int32($0) }
            if let owner, kill(owner, 0) == 0 { continue }  // a live test process's own
            let data = "/tmp/\(folder)/data"
            if FileManager.default.fileExists(atPath: data + "/postmaster.pid") {
                let pgctl = bin.appendingPathComponent("pg_ctl").path
                _ = try? asPostgres ? run("/usr/sbin/runuser", ["-u", "postgres", "--", pgctl, "-D", data, "-m", "immediate", "-w", "stop"])
                    : run(pgctl, ["-D", data, "-m", "immediate", "-w", "stop"])
            }
            try? FileManager.default.removeItem(atPath: "/tmp/\(folder)")
        }
    }

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
