/* Check-in at the door, online or not. The roster and a queue of scans live in IndexedDB;
   each scan has its own id and time, and is sent (again and again, harmlessly) until the
   server has answered it. No build step, no dependencies. */
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) return;
  var eventId = root.dataset.event, rosterUrl = root.dataset.roster, syncUrl = root.dataset.sync;
  var capacity = root.dataset.capacity ? parseInt(root.dataset.capacity, 10) : null;
  var msg = root.dataset, roster = [], db = null, syncing = false;
  var $ = function (id) { return document.getElementById(id); };

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)); b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function fold(s) { return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function openDb() {
    return new Promise(function (resolve) {
      if (!window.indexedDB) return resolve(null);
      var req = indexedDB.open("amparo-checkin", 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("roster");
        req.result.createObjectStore("queue", { keyPath: "id" });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { resolve(null); };
    });
  }
  function tx(store, mode, work) {
    return new Promise(function (resolve) {
      if (!db) return resolve(null);
      var t = db.transaction(store, mode), s = t.objectStore(store), out = work(s);
      t.oncomplete = function () { resolve(out && out.result !== undefined ? out.result : null); };
      t.onerror = function () { resolve(null); };
    });
  }
  function queued() { return tx("queue", "readonly", function (s) { return s.getAll(); }).then(function (r) { return r || []; }); }

  function counts(server) {
    var inside = roster.filter(function (r) { return r.checked_in_at; }).length;
    $("count-in").textContent = server ? Math.max(server.checked_in, inside) : inside;
    if (server) $("count-reg").textContent = server.registered;
    queued().then(function (q) { $("count-queue").textContent = q.length; });
  }
  function log(text, kind) {
    var li = document.createElement("li");
    li.textContent = new Date().toLocaleTimeString() + " · " + text;
    li.className = "log-" + kind;
    $("log").insertBefore(li, $("log").firstChild);
  }
  function net() {
    $("net").textContent = navigator.onLine ? msg.msgOnline : msg.msgOffline;
    $("net").className = navigator.onLine ? "net" : "net offline";
  }

  function loadRoster() {
    return fetch(rosterUrl, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      return tx("roster", "readwrite", function (s) { return s.put(data, eventId); }).then(function () { return data; });
    }).catch(function () {
      return tx("roster", "readonly", function (s) { return s.get(eventId); });
    }).then(function (data) {
      if (data) { roster = data.registrations; counts(data.counts); }
      return queued().then(function (q) {  // scans not yet sent still count on this phone
        q.forEach(function (item) { var r = find(item); if (r && !r.checked_in_at) r.checked_in_at = item.scanned_at; });
        counts();
      });
    });
  }
  function find(item) {
    for (var i = 0; i < roster.length; i++) {
      if ((item.registration && roster[i].id === item.registration) || (item.code && roster[i].code === item.code)) return roster[i];
    }
    return null;
  }

  function search(text) {
    var terms = fold(text).split(/\s+/).filter(Boolean), ul = $("results");
    ul.textContent = "";
    if (!terms.length) return;
    var hits = roster.filter(function (r) {
      var hay = fold(r.name + " " + r.phone + " " + r.code);
      return r.status !== "cancelled" && r.status !== "expired" && terms.every(function (t) { return hay.indexOf(t) >= 0; });
    }).slice(0, 20);
    if (!hits.length) { var li = document.createElement("li"); li.textContent = msg.msgNone; ul.appendChild(li); }
    hits.forEach(function (r) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button"; b.className = "checkin-pick";
      b.textContent = r.name + (r.phone ? " · …" + r.phone : "") + (r.checked_in_at ? " ✓" : "");
      b.addEventListener("click", function () { checkIn({ registration: r.id }, r.name); });
      li.appendChild(b); ul.appendChild(li);
    });
  }

  function checkIn(item, label) {
    item.id = uuid();
    item.scanned_at = new Date().toISOString();
    var r = find(item);
    if (r && r.checked_in_at) { log(label + " · " + msg.msgRepeat, "repeat"); }
    else if (r) { r.checked_in_at = item.scanned_at; log(label + " · " + msg.msgQueued, "queued"); }
    else { log(label + " · " + msg.msgQueued, "queued"); }
    // Cleared now, not when the scan is stored: the next name typed meanwhile must survive.
    $("q").value = ""; $("results").textContent = "";
    return tx("queue", "readwrite", function (s) { return s.put(item); }).then(function () {
      counts(); sync();
    });
  }

  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    return queued().then(function (items) {
      if (!items.length) return null;
      return fetch(syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ checkins: items })
      }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }).then(function (data) {
        return tx("queue", "readwrite", function (s) {
          data.results.forEach(function (res) { s.delete(res.id); });
        }).then(function () {
          data.results.forEach(function (res) {
            if (res.result === "counted") log(res.name + " · " + msg.msgCounted, "counted");
            else if (res.result === "refused") log((res.name || "?") + " · " + msg.msgRefused + ": " + res.reason, "refused");
          });
          counts(data.counts);
          return loadRoster();
        });
      });
    }).catch(function () { /* still offline or the server is away: the queue waits */ })
      .then(function () { syncing = false; });
  }

  function walkIn() {
    var given = $("w-given").value.trim();
    if (!given) { $("w-given").focus(); return; }
    var inside = roster.filter(function (r) { return r.status === "registered" || r.status === "offered"; }).length;
    if (capacity !== null && inside >= capacity) { log(given + " · " + msg.msgFull, "refused"); return; }
    var person = { given_names: given, surnames: $("w-surnames").value.trim(), phone: $("w-phone").value.trim() };
    roster.push({ id: null, name: (person.given_names + " " + person.surnames).trim(), phone: person.phone.slice(-4),
                  code: "", status: "registered", checked_in_at: new Date().toISOString() });
    checkIn({ walk_in: person }, (person.given_names + " " + person.surnames).trim());
    $("w-given").value = $("w-surnames").value = $("w-phone").value = "";
  }

  function byCode(code) {
    code = (code || "").trim().toUpperCase();
    if (!code) return;
    var r = find({ code: code });
    checkIn(r ? { registration: r.id } : { code: code }, r ? r.name : code);
  }

  function scan() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) { log(msg.msgNocamera, "refused"); $("code").focus(); return; }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] }), video = $("video");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play();
      var timer = setInterval(function () {
        detector.detect(video).then(function (codes) {
          if (!codes.length) return;
          clearInterval(timer); stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true;
          byCode(codes[0].rawValue);
        }).catch(function () {});
      }, 300);
    }).catch(function () { log(msg.msgNocamera, "refused"); });
  }

  $("q").addEventListener("input", function () { search(this.value); });
  $("code-go").addEventListener("click", function () { byCode($("code").value); $("code").value = ""; });
  $("code").addEventListener("keydown", function (e) { if (e.key === "Enter") { byCode(this.value); this.value = ""; } });
  $("walkin").addEventListener("click", walkIn);
  $("scan").addEventListener("click", scan);
  window.addEventListener("online", function () { net(); sync(); });
  window.addEventListener("offline", net);
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/outreach/sw.js", { scope: "/outreach/" }).catch(function () {});
  net();
  openDb().then(function (d) { db = d; return loadRoster(); }).then(sync);
  setInterval(sync, 5000);
})();
