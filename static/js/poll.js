// Long work done by the worker (a PDF, an import): poll its status, show the progress, and move on
// to the page it names (or reload) when it has finished. Plain script, no inline code (CSP).
(() => {
  // Reloading under someone who has started something on the page (typed, or opened a form such
  // as 差戻し's reason) would lose it: then only the status changes, and they reload when done.
  let busy = false;
  document.addEventListener("input", () => { busy = true; }, true);
  document.addEventListener("click", (event) => { if (event.target.closest("[data-bs-toggle]")) busy = true; }, true);
  for (const box of document.querySelectorAll("[data-poll]")) {
    const label = box.querySelector("[data-poll-label]");
    const stage = box.querySelector("[data-poll-stage]");
    const bar = box.querySelector("[data-poll-progress]");
    const poll = async () => {
      try {
        const response = await fetch(box.dataset.poll, {headers: {"Accept": "application/json"}, credentials: "same-origin"});
        if (response.ok) {
          const state = await response.json();
          if (label && state.label) label.textContent = state.label;
          if (stage && state.stage !== undefined) stage.textContent = state.stage;
          if (bar && state.progress !== undefined) { bar.value = state.progress; bar.textContent = `${state.progress}%`; }
          if (state.finished) {
            if (state.next) window.location.assign(state.next);
            else if (!busy) window.location.reload();
            return;
          }
        }
      } catch (error) { /* the network blinked: try again */ }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 800);
  }
})();
