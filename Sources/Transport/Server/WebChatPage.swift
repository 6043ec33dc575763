/// The web chat at `/`: one self-contained page (no build step, no external assets) that logs in over
/// the REST auth endpoints and chats over `/ws` with the token in the subprotocol, as browsers cannot set
/// headers on a WebSocket. Element ids are stable because the browser test drives them.
enum WebChatPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>JobHunter</title>
        <style>
        :root { --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #2456d6; --mine: #eef3ff; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f8f9fb; }
        header { display: flex; align-items: center; gap: 1em; padding: .6em 1.2em; background: #fff; border-bottom: 1px solid var(--line); }
        header h1 { font-size: 1.1em; margin: 0; flex: 1; }
        main { max-width: 820px; margin: 0 auto; padding: 1em; }
        #auth { max-width: 360px; margin: 4em auto; background: #fff; padding: 1.5em; border: 1px solid var(--line); border-radius: 10px; }
        #auth input { width: 100%; margin: .3em 0 .8em; padding: .55em; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
        button { font: inherit; padding: .45em .9em; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        button:disabled { opacity: .5; cursor: default; }
        #auth-error, .error { color: #b42318; }
        #chat { display: none; }
        #log { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1em; height: 62vh; overflow-y: auto; }
        .turn { margin: .4em 0; padding: .5em .8em; border-radius: 8px; white-space: pre-wrap; }
        .user { background: var(--mine); margin-left: 15%; }
        .assistant { background: #fff; border: 1px solid var(--line); margin-right: 15%; }
        .tool { color: var(--muted); font-size: .85em; margin: .2em 0 .2em .2em; }
        .notice { color: var(--muted); font-style: italic; }
        form#composer { display: flex; gap: .5em; margin-top: .8em; }
        #input { flex: 1; padding: .6em; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
        .actions { display: flex; gap: .5em; margin-top: .6em; align-items: center; flex-wrap: wrap; }
        #status { color: var(--muted); font-size: .85em; }
        </style>
        </head>
        <body>
        <header><h1>JobHunter</h1><span id="status">signed out</span><button id="logout" class="secondary" hidden>Log out</button></header>
        <main>
        <section id="auth">
          <h2>Sign in</h2>
          <label>Username <input id="username" autocomplete="username"></label>
          <label>Password <input id="password" type="password" autocomplete="current-password"></label>
          <div class="actions"><button id="login">Log in</button><button id="register" class="secondary">Create account</button></div>
          <p id="auth-error" role="alert"></p>
        </section>
        <section id="chat">
          <div id="log" aria-live="polite"></div>
          <form id="composer"><input id="input" placeholder="Find remote iOS jobs, analyse my resume, salary for a data scientist…" autocomplete="off"><button id="send">Send</button></form>
          <div class="actions">
            <button id="interview" class="secondary" type="button">Start a mock interview</button>
            <button id="cancel" class="secondary" type="button" disabled>Stop</button>
            <label class="secondary">Upload resume <input id="resume" type="file" accept=".txt,.md,.json,.docx,.pdf"></label>
          </div>
        </section>
        </main>
        <script src="/app.js"></script>
        </body>
        </html>
        """

    /// The page's script, served from /app.js so the page's CSP can forbid inline script.
    static let script = """
        "use strict";
        const $ = (id) => document.getElementById(id);
        let socket = null, current = null, running = false, retries = 0;
        // Turns started from the user's other tabs or devices, by turn_id: they get their own bubbles.
        const mirrored = {};

        function setStatus(text) { $("status").textContent = text; }
        function add(kind, text) {
          const node = document.createElement("div");
          node.className = kind;
          node.textContent = text;
          $("log").appendChild(node);
          $("log").scrollTop = $("log").scrollHeight;
          return node;
        }
        function setRunning(value) { running = value; $("cancel").disabled = !value; $("send").disabled = value; }
        // Exported files are named in replies as /exports/NAME; they download with the bearer token.
        function addDownloads(node, text) {
          for (const match of (text || "").matchAll(new RegExp("/exports/([a-z0-9-]+[.](?:md|docx))", "g"))) {
            const button = document.createElement("button");
            button.className = "download";
            button.textContent = "Download " + match[1];
            button.onclick = async () => {
              const response = await fetch(match[0], { headers: { authorization: "Bearer " + sessionStorage.getItem("jobhunter.token") } });
              if (!response.ok) { add("turn assistant error", "the download failed (HTTP " + response.status + ")"); return; }
              const link = document.createElement("a");
              link.href = URL.createObjectURL(await response.blob());
              link.download = match[1];
              link.click();
              URL.revokeObjectURL(link.href);
            };
            node.appendChild(document.createElement("br"));
            node.appendChild(button);
          }
        }

        async function authenticate(path) {
          $("auth-error").textContent = "";
          const body = JSON.stringify({ username: $("username").value.trim(), password: $("password").value });
          try {
            const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body });
            const json = await response.json().catch(() => ({}));
            if (!response.ok) { $("auth-error").textContent = json.error || ("HTTP " + response.status); return; }
            if (path === "/auth/register") return authenticate("/auth/login");
            sessionStorage.setItem("jobhunter.token", json.token);
            connect(json.token);
          } catch (error) { $("auth-error").textContent = "cannot reach the server: " + error.message; }
        }

        function connect(token) {
          const scheme = location.protocol === "https:" ? "wss://" : "ws://";
          socket = new WebSocket(scheme + location.host + "/ws", ["jobhunter.v1", "bearer." + token]);
          setStatus("connecting…");
          socket.onopen = () => {
            $("auth").style.display = "none"; $("chat").style.display = "block"; $("logout").hidden = false;
            setStatus("connected as " + ($("username").value.trim() || "you")); $("input").focus();
            retries = 0;
            // What the browser and server agreed on (permessage-deflate when both can), for support and tests.
            document.documentElement.dataset.wsExtensions = socket.extensions;
            socket.send(JSON.stringify({ type: "history" }));
          };
          socket.onmessage = (event) => handle(JSON.parse(event.data));
          socket.onclose = (event) => {
            setRunning(false); current = null;
            if ($("chat").style.display !== "block") {
              $("auth-error").textContent = "sign-in expired; log in again"; sessionStorage.removeItem("jobhunter.token");
              setStatus("disconnected"); return;
            }
            // The server went away (restart, or an instance behind the proxy died): reconnect with backoff; the
            // conversation is stored, so nothing is lost.
            const delay = Math.min(10000, 500 * 2 ** retries++);
            add("notice", "Disconnected (" + event.code + "); reconnecting in " + Math.round(delay / 1000) + " s…");
            setStatus("reconnecting…");
            setTimeout(() => connect(token), delay);
          };
        }

        function showHistory(messages) {
          if ($("log").querySelector(".turn")) return;
          for (const message of messages) add("turn " + (message.role === "user" ? "user" : "assistant"), message.text);
        }

        function handleMirrored(event) {
          const id = event.turn_id;
          switch (event.type) {
            case "user_message": add("turn user", event.text + "  (from another session)"); break;
            case "delta":
              if (!mirrored[id]) mirrored[id] = add("turn assistant", "");
              mirrored[id].textContent += event.text; break;
            case "tool_call": add("tool", "→ " + event.name); break;
            case "final":
              if (!mirrored[id]) mirrored[id] = add("turn assistant", "");
              mirrored[id].textContent = event.text; delete mirrored[id]; break;
            case "error": add("turn assistant error", event.message); delete mirrored[id]; break;
          }
        }

        function handle(event) {
          if (event.origin === "other_connection") return handleMirrored(event);
          switch (event.type) {
            case "history": showHistory(event.messages || []); break;
            case "delta":
              if (!current) current = add("turn assistant", "");
              current.textContent += event.text; break;
            case "tool_call": add("tool", "→ " + event.name); break;
            case "tool_result": if (event.failed) add("tool", "✗ " + event.name + " failed"); break;
            case "notice": add("notice", event.text || event.message || ""); break;
            case "final":
              if (!current) current = add("turn assistant", "");
              current.textContent = event.text; addDownloads(current, event.text); current = null; setRunning(false); break;
            case "resume_saved": add("notice", event.text); break;
            case "error": add("turn assistant error", event.message); current = null; setRunning(false); break;
          }
        }

        function send(text) {
          if (!socket || socket.readyState !== WebSocket.OPEN || running || !text.trim()) return;
          add("turn user", text); current = null; setRunning(true);
          socket.send(JSON.stringify({ type: "message", text }));
        }

        $("login").onclick = () => authenticate("/auth/login");
        $("register").onclick = () => authenticate("/auth/register");
        $("password").addEventListener("keydown", (event) => { if (event.key === "Enter") authenticate("/auth/login"); });
        $("composer").onsubmit = (event) => { event.preventDefault(); send($("input").value); $("input").value = ""; };
        $("interview").onclick = () => send("start a mock interview");
        $("cancel").onclick = () => socket && socket.send(JSON.stringify({ type: "cancel" }));
        $("logout").onclick = async () => {
          const token = sessionStorage.getItem("jobhunter.token");
          sessionStorage.removeItem("jobhunter.token");
          // Revokes the token on every instance, so a copy of it is useless from now on.
          if (token) await fetch("/auth/logout", { method: "POST", headers: { authorization: "Bearer " + token } }).catch(() => {});
          location.reload();
        };
        $("resume").onchange = () => {
          const file = $("resume").files[0];
          if (!file) return;
          if (file.size > 3 * 1024 * 1024) { add("turn assistant error", file.name + " is larger than 3 MB"); return; }
          const reader = new FileReader();
          reader.onload = () => {
            const base64 = String(reader.result).split(",")[1] || "";
            socket.send(JSON.stringify({ type: "resume", filename: file.name, content_base64: base64 }));
            add("notice", "Uploading " + file.name + "…");
          };
          reader.readAsDataURL(file);
          $("resume").value = "";
        };
        const saved = sessionStorage.getItem("jobhunter.token");
        if (saved) connect(saved);
        """
}
