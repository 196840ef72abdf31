// A <details data-remember-open="name"> stays open across page loads (the editor reloads after
// every save, and the section's print layout should still be there to see what changed).
// An <iframe data-src> inside it is only loaded once the panel is open, so a closed panel costs
// the server nothing; loading="lazy" would instead leave it blank while it is scrolled out of view.
(function () {
  function fillFrames(details) {
    if (!details.open) return;
    details.querySelectorAll("iframe[data-src]").forEach(function (frame) {
      if (!frame.getAttribute("src")) frame.setAttribute("src", frame.dataset.src);
    });
  }
  document.querySelectorAll("details[data-remember-open]").forEach(function (details) {
    var key = "open:" + details.dataset.rememberOpen;
    try {
      if (window.localStorage.getItem(key) === "1") details.open = true;
    } catch (error) { /* storage refused: the panel starts closed */ }
    fillFrames(details);
    details.addEventListener("toggle", function () {
      fillFrames(details);
      try { window.localStorage.setItem(key, details.open ? "1" : "0"); } catch (error) { /* nothing to keep */ }
    });
  });
})();
