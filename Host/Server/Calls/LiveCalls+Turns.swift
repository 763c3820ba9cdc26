import Agent

extension LiveCalls {
    /// What the admin API and the dashboard show of call `id` after a turn: its state, the last
    /// intent it reached, and how many turns it has had. Every transport reports turns through here.
    public func record(_ report: TurnReport, for id: String) {
        update(id) { info in
            info.state = "\(report.state)"
            info.intent = report.intent ?? info.intent
            info.turns = report.turn
        }
    }
}
