// Served over http(s), the site can be added to a phone's home screen and keeps
// working with no network once visited: it links its manifest and registers the
// service worker (sw.js, written by the build). Opened from disk, nothing changes.
(function () {
  if (!/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) return;
  var root = new URL("..", document.currentScript.src);
  var manifest = document.createElement("link");
  manifest.rel = "manifest";
  manifest.href = new URL("manifest.webmanifest", root).href;
  document.head.appendChild(manifest);
  navigator.serviceWorker.register(new URL("sw.js", root).href).catch(function () {
    // No sw.js (a live preview): the site works as it always did.
  });
})();
