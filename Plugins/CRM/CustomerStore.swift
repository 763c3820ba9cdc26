import SmartDeskPluginKit

/// The customers in `crm.sqlite`: schema, demo seed and the queries the plugin needs. Not
/// thread-safe; the plugin keeps it behind its `Mutex`.
final class CustomerStore: SQLiteStore {
    static let fileName = "crm.sqlite"
    let database: SQLiteDatabase

    /// The demo customers (the Billing plugin has the same people).
    static let demoCustomers = [
        CustomerRecord(
            id: 1, name: "Dana Whitfield", firstName: "Dana", phone: "+15551230001",
            email: "dana.whitfield@example.com", account: "4271", contactPhone: "+15551230001"
        ),
        CustomerRecord(
            id: 2, name: "Marcus Lee", firstName: "Marcus", phone: "+15551230002",
            email: "marcus.lee@example.com", account: "5830", contactPhone: "+15551230002"
        ),
        CustomerRecord(
            id: 3, name: "Priya Raman", firstName: "Priya", phone: "+15551230003",
            email: "priya.raman@example.com", account: "6604", contactPhone: "+15551230003"
        ),
    ]

    init(database: SQLiteDatabase) {
        self.database = database
    }

    static var migrations: [(SQLiteDatabase) throws -> Void] {
        [
            { db in
                try db.execute("""
                    CREATE TABLE customers (
                        id INTEGER PRIMARY KEY,
                        phone TEXT NOT NULL UNIQUE,     -- caller ID, E.164: the key
                        name TEXT NOT NULL,
                        first_name TEXT NOT NULL,
                        email TEXT NOT NULL,
                        contact_phone TEXT NOT NULL,    -- where to reach them
                        account TEXT NOT NULL
                    );
                    CREATE INDEX customers_by_contact_phone ON customers (contact_phone);
                    """)
                for customer in Self.demoCustomers {
                    try db.run(
                        "INSERT INTO customers (id, phone, name, first_name, email, contact_phone, account) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        customer.id, customer.phone, customer.name, customer.firstName, customer.email,
                        customer.contactPhone, customer.account
                    )
                }
            },
        ]
    }

    /// The customer whose caller ID is `callerID`: who is calling. Only the caller ID identifies a
    /// caller; a contact number may be shared (a spouse's phone) and does not.
    func customer(callerID: String) throws -> CustomerRecord? {
        guard let canonical = PhoneNumber.canonical(callerID) else { return nil }
        return try select("WHERE phone = ?1", canonical)
    }

    /// The customer whose caller ID is `phone`, else one who gave it as their contact number: for
    /// look-ups by staff and tools. `phone` in any form (`PhoneNumber.canonical`).
    func customer(phone: String) throws -> CustomerRecord? {
        guard let canonical = PhoneNumber.canonical(phone) else { return nil }
        return try select("WHERE phone = ?1 OR contact_phone = ?1 ORDER BY phone = ?1 DESC, id", canonical)
    }

    private func select(_ clause: String, _ phone: String) throws -> CustomerRecord? {
        try database.query(
            "SELECT id, name, first_name, phone, email, account, contact_phone FROM customers \(clause) LIMIT 1",
            phone
        ) { row in
            CustomerRecord(
                id: row.int(0), name: row.string(1), firstName: row.string(2), phone: row.string(3),
                email: row.string(4), account: row.string(5), contactPhone: row.string(6)
            )
        }.first
    }

    func updateEmail(of id: Int, to email: String) throws {
        try database.run("UPDATE customers SET email = ? WHERE id = ?", email, id)
    }

    func updateContactPhone(of id: Int, to phone: String) throws {
        try database.run("UPDATE customers SET contact_phone = ? WHERE id = ?", phone, id)
    }
}
