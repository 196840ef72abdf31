// A <details data-remember-open="name"> stays open across page loads (the editor reloads after
// every save, and the section's print layout should still be there to see what changed).
(function () {
  document.querySelectorAll("details[data-remember-open]").forEach(function (details) {
    var key = "open:" + details.dataset.rememberOpen;
    try {
      if (window.localStorage.getItem(key) === "1") details.open = true;
    } catch (error) { /* storage refused: the panel starts closed */ }
    details.addEventListener("toggle", function () {
      try { window.localStorage.setItem(key, details.open ? "1" : "0"); } catch (error) { /* nothing to keep */ }
    });
  });
})();
