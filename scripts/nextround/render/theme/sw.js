// The site's service worker, written beside the built site by render/webapp.py:
// it keeps every page, asset and the search index after the first visit, and
// each download once it has been opened. One cache per build; a new build's
// copy replaces this one only when no open page still uses it. Caches belong to
// the whole origin, so each is named by this worker's scope too: a kit and its
// groups published side by side never delete each other's.
const OURS = `nextround ${self.registration.scope} `;
const CACHE = OURS + __BUILD__;
const FILES = __FILES__;
const DOWNLOADS = new URL("downloads/", self.registration.scope).pathname;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith(OURS) && name !== CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin) return;
  event.respondWith(answer(event.request, url));
});

async function answer(request, url) {
  const cache = await caches.open(CACHE);
  url.search = "";
  url.hash = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  const kept = await cache.match(url.href);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok && response.status === 200 && url.pathname.startsWith(DOWNLOADS)) {
      await cache.put(url.href, response.clone());
    }
    return response;
  } catch (error) {
    const missing = request.mode === "navigate" && (await cache.match(new URL("404.html", self.registration.scope).href));
    if (missing) return missing;
    throw error;
  }
}
