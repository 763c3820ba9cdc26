/// The dashboard page: plain HTML, CSS and JavaScript, served as is (no front-end build step).
/// It listens to `/dashboard/events` and takes or closes handoffs through `/admin/handoffs/…`.
enum DashboardPage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>SmartDesk dashboard</title>
    <style>
      body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #1d2330; background: #f6f7f9; }
      h1 { font-size: 1.3rem; margin: 0 0 1rem; } h2 { font-size: 1rem; margin: 0 0 .5rem; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
      section { background: #fff; border-radius: 8px; padding: 1rem; box-shadow: 0 1px 2px #0002; }
      .figures { display: flex; gap: 1.5rem; flex-wrap: wrap; } .figure b { display: block; font-size: 1.6rem; }
      table { width: 100%; border-collapse: collapse; } td, th { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid #eee; }
      .alert-critical { color: #a40000; } .alert-warning { color: #8a5a00; } .muted { color: #778; }
      .bars { display: flex; align-items: flex-end; gap: 2px; height: 90px; } .bars div { flex: 1; background: #4a7bd0; min-height: 1px; }
      button { font: inherit; } #status { float: right; }
    </style>
    </head>
    <body>
    <h1>SmartDesk <span id="status" class="muted">connecting…</span></h1>
    <div class="grid">
      <section><h2>Now</h2><div class="figures">
        <div class="figure"><b id="live-calls">0</b>live calls</div>
        <div class="figure"><b id="calls-started">0</b>calls since start</div>
        <div class="figure"><b id="turns">0</b>turns</div>
        <div class="figure"><b id="fast-path">–</b>fast-path share</div>
        <div class="figure"><b id="escalations">0</b>escalations</div>
      </div></section>
      <section><h2>Turn latency, end to end (latest 1,000 turns)</h2><div class="figures">
        <div class="figure"><b id="p50">–</b>p50 ms</div><div class="figure"><b id="p95">–</b>p95 ms</div><div class="figure"><b id="p99">–</b>p99 ms</div>
      </div></section>
      <section><h2>Live calls</h2><table><thead><tr><th>call</th><th>transport</th><th>caller</th><th>state</th><th>turns</th><th>s</th></tr></thead><tbody id="calls"></tbody></table></section>
      <section><h2>What callers want</h2><table><tbody id="intents"></tbody></table></section>
      <section><h2>Handoff queue</h2>
        <p><label>Your name <input id="operator" size="12"></label></p>
        <table><thead><tr><th>caller</th><th>reason</th><th>status</th><th></th></tr></thead><tbody id="handoffs"></tbody></table>
        <p id="handoff-error" class="alert-critical"></p></section>
      <section><h2>Alerts</h2><ul id="alerts"></ul><p id="store" class="muted"></p></section>
      <section><h2>Calls per hour today (UTC)</h2><div class="bars" id="hours"></div></section>
    </div>
    <script>
    const $ = (id) => document.getElementById(id);
    const text = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
    $("operator").value = localStorage.getItem("smartdesk-operator") || "";
    $("operator").addEventListener("change", () => localStorage.setItem("smartdesk-operator", $("operator").value));
    async function change(id, action) {
      const response = await fetch(`/admin/handoffs/${encodeURIComponent(id)}/${action}`, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-SmartDesk-Dashboard": "1"},
        body: JSON.stringify({operator: $("operator").value || "dashboard"})
      });
      $("handoff-error").textContent = response.ok ? "" : (await response.json()).message;
    }
    $("handoffs").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) change(button.dataset.id, button.dataset.action);
    });
    function render(s) {
      const live = s.live || {};
      $("live-calls").textContent = s.calls.length;
      $("calls-started").textContent = live.calls_started ?? 0;
      $("turns").textContent = live.turns ?? 0;
      $("fast-path").textContent = live.turns ? Math.round((live.fast_path_share || 0) * 100) + "%" : "–";
      $("escalations").textContent = live.escalations ?? 0;
      const latency = live.latency_ms || {};
      for (const p of ["p50", "p95", "p99"]) $(p).textContent = latency[p] != null ? Math.round(latency[p]) : "–";
      $("calls").innerHTML = s.calls.map((c) => `<tr><td>${text(c.id)}</td><td>${text(c.transport)}</td><td>${text(c.caller)}</td><td>${text(c.state)}</td><td>${c.turns}</td><td>${c.seconds}</td></tr>`).join("");
      const intents = Object.entries(live.intents || {}).sort((a, b) => b[1] - a[1]);
      $("intents").innerHTML = intents.map(([name, count]) => `<tr><td>${text(name)}</td><td>${count}</td></tr>`).join("") || `<tr><td class="muted">no turns yet</td></tr>`;
      const handoffs = s.handoffs || [];
      $("handoffs").innerHTML = handoffs.map((h) => `<tr data-handoff="${text(h.id)}"><td>${text(h.caller || "unknown")}${h.customer_name ? " (" + text(h.customer_name) + ")" : ""}</td><td title="${text(h.summary)}">${text(h.reason)}</td><td>${text(h.status)}${h.operator ? " · " + text(h.operator) : ""}</td><td><button data-id="${text(h.id)}" data-action="${h.status === "waiting" ? "take" : "done"}">${h.status === "waiting" ? "take" : "done"}</button></td></tr>`).join("") || `<tr><td class="muted">${s.handoffs ? "nobody waiting" : "no store"}</td></tr>`;
      $("alerts").innerHTML = (s.alerts || []).slice().reverse().map((a) => `<li class="alert-${text(a.severity)}">${new Date(a.at).toLocaleTimeString()} ${text(a.message)}</li>`).join("") || `<li class="muted">none</li>`;
      $("store").textContent = s.store ? `store ${s.store.reachable ? "reachable" : "UNREACHABLE"} · queued ${s.store.queued} · spilled ${s.store.spilled} · dropped ${s.store.dropped}` : "analytics store off";
      const hours = live.calls_by_hour || new Array(24).fill(0);
      const most = Math.max(1, ...hours);
      $("hours").innerHTML = hours.map((n, h) => `<div title="${h}:00 ${n} calls" style="height:${Math.round(n / most * 100)}%"></div>`).join("");
      $("status").textContent = (s.draining ? "draining · " : "") + "updated " + new Date(s.at).toLocaleTimeString();
      document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    }
    const source = new EventSource("/dashboard/events");
    source.onmessage = (message) => render(JSON.parse(message.data));
    source.onerror = () => { $("status").textContent = "reconnecting…"; };
    </script>
    </body>
    </html>
    """#
}
