// The guided editor: conditions of the form act as staff type, removing asks first, and leaving
// with unsaved changes warns. Plain script, no build step.
(() => {
  const form = document.getElementById("editor-form");
  if (!form) return;

  // Conditions: an element with data-show-if is shown only when a field of the same record
  // (same form prefix) has one of the values, or, for {"unless": true}, when a box is unticked.
  const valueOf = (scope, attr) => {
    const name = scope ? `${scope}-${attr}` : attr;
    const inputs = form.querySelectorAll(`[name="${name}"]`);
    for (const input of inputs) {
      if (input.type === "radio") { if (input.checked) return input.value; continue; }
      if (input.type === "checkbox") return input.checked ? "on" : "";
      return input.value;
    }
    return "";
  };
  const applyConditions = () => {
    for (const element of form.querySelectorAll("[data-show-if]")) {
      const condition = JSON.parse(element.dataset.showIf);
      const scope = element.dataset.scope || "";
      const value = valueOf(scope, condition.attr);
      const shown = condition.unless ? value !== "on" : condition.values.includes(value);
      element.hidden = !shown;
    }
  };
  form.addEventListener("change", applyConditions);
  applyConditions();

  // Unsaved changes: said next to the button. Leaving asks first only while something typed is not
  // yet kept on the server (the autosave below keeps it a couple of seconds after typing stops).
  const note = document.getElementById("dirty-note");
  // Review controls sit inside the editor's form in the page but belong to forms of their own
  // (their fields carry form="…"): typing in them is not an unsaved change of the section.
  const ours = (event) => event.target === form || event.target.form === form;
  let leaving = false;

  // Autosave: what is typed is kept on the server a few seconds after typing stops, and when the
  // page is left or hidden, so that a crash or a reload loses nothing (restored on the next visit).
  const autosaveUrl = form.dataset.autosave;
  const autosaveNote = document.getElementById("autosave-note");
  let timer = null;
  let pending = false; // typed since the last autosave was sent
  let inFlight = 0; // autosaves sent and not yet answered
  const formData = () => {
    const data = new FormData(form);
    for (const [name, value] of [...data.entries()]) { if (value instanceof File) data.delete(name); }
    return data;
  };
  const keep = () => {
    if (!autosaveUrl || !pending) return;
    pending = false;
    inFlight += 1;
    fetch(autosaveUrl, { method: "POST", body: formData(), credentials: "same-origin", keepalive: true })
      .then((response) => {
        if (response.ok && autosaveNote) autosaveNote.textContent = autosaveNote.dataset.savedText;
        if (!response.ok) pending = true;
      })
      .catch(() => { pending = true; })
      .finally(() => { inFlight -= 1; });
  };
  const typed = (event) => {
    if (!ours(event)) return;
    if (note) note.hidden = false;
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(keep, 2000);
  };
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  // Every button of the page posts the page's fields: nothing typed is left behind by leaving.
  form.addEventListener("submit", () => { leaving = true; pending = false; clearTimeout(timer); });
  window.addEventListener("beforeunload", (event) => {
    if (!leaving && (pending || inFlight > 0)) { event.preventDefault(); event.returnValue = ""; }
  });
  const leave = () => {
    if (!autosaveUrl || !pending || leaving) return;
    pending = false;
    navigator.sendBeacon(autosaveUrl, formData());
  };
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") leave(); });

  // Presence: every minute, say this page is still open and learn who else has it open.
  const othersNotice = document.querySelector("[data-others-editing]");
  const ping = () => {
    if (!autosaveUrl || document.visibilityState !== "visible") return;
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    data.append("presence", "1");
    fetch(autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        if (!answer || !othersNotice) return;
        othersNotice.querySelector("[data-names]").textContent = answer.others.join("、");
        othersNotice.hidden = answer.others.length === 0;
      })
      .catch(() => {});
  };
  setInterval(ping, 60000);

  // A conflict: editing one's own input by hand means keeping it (the merge one typed).
  for (const conflict of form.querySelectorAll("[data-conflict]")) {
    const item = conflict.closest(".editor-item");
    const mine = conflict.querySelector('input[value="mine"]');
    if (!item || !mine) continue;
    item.addEventListener("input", (event) => { if (!conflict.contains(event.target)) mine.checked = true; });
  }

})();
