/* Quick exit and idle sign-out. The quick exit replaces this page in the browser's history
   (location.replace) with the exit address, which signs out and sends to a neutral site. */
(function () {
  "use strict";
  var exit = document.getElementById("quick-exit");
  function leave() { window.location.replace(exit.href); }
  if (exit) {
    exit.addEventListener("click", function (event) { event.preventDefault(); leave(); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && event.shiftKey) { leave(); }
    });
  }
  var idle = parseInt(document.body.getAttribute("data-idle") || "0", 10);
  var target = document.body.getAttribute("data-idle-url");
  if (idle > 0 && target && document.querySelector(".foot")) {
    var timer;
    var reset = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { window.location.replace(target); }, idle * 1000);
    };
    ["click", "keydown", "touchstart", "scroll"].forEach(function (name) {
      document.addEventListener(name, reset, { passive: true });
    });
    reset();
  }
})();
