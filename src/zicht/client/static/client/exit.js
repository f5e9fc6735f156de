// Quick exit (GOV.UK "Exit this page"): the link works without this script; with it, the
// page is blanked at once and the history entry replaced, and Shift pressed three times
// (within two seconds) does the same.
(function () {
  "use strict";
  var link = document.getElementById("client-exit");
  if (!link) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.classList.add("client-leaving");
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });
})();
