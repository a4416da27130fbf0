/* Keeps the check-in page and its files for a door with no network: network first, the last
   copy when offline. Only GET requests of the check-in page and static files are kept. */
var CACHE = "amparo-checkin-v1";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (e) {
  var url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!/\/outreach\/events\/\d+\/checkin\/$/.test(url.pathname) && url.pathname.indexOf("/static/") !== 0) return;
  e.respondWith(fetch(e.request).then(function (response) {
    if (response.ok) { var copy = response.clone(); caches.open(CACHE).then(function (c) { c.put(e.request, copy); }); }
    return response;
  }).catch(function () { return caches.match(e.request); }));
});
