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

  // Unsaved changes: say so next to the button and warn before leaving the page.
  let dirty = false;
  const note = document.getElementById("dirty-note");
  // Review controls sit inside the editor's form in the page but belong to forms of their own
  // (their fields carry form="…"): typing a reply is not an unsaved change of the section.
  const ours = (event) => event.target === form || event.target.form === form;
  form.addEventListener("input", (event) => { if (!ours(event)) return; dirty = true; if (note) note.hidden = false; });
  form.addEventListener("change", (event) => { if (!ours(event)) return; dirty = true; if (note) note.hidden = false; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // Autosave: what is typed is kept on the server a few seconds after typing stops, and when the
  // page is left or hidden, so that a crash or a reload loses nothing (restored on the next visit).
  const autosaveUrl = form.dataset.autosave;
  const autosaveNote = document.getElementById("autosave-note");
  let timer = null;
  let pending = false;
  const formData = () => {
    const data = new FormData(form);
    for (const [name, value] of [...data.entries()]) { if (value instanceof File) data.delete(name); }
    return data;
  };
  const keep = () => {
    if (!autosaveUrl || !pending) return;
    pending = false;
    fetch(autosaveUrl, { method: "POST", body: formData(), credentials: "same-origin", keepalive: true })
      .then((response) => { if (response.ok && autosaveNote) autosaveNote.textContent = autosaveNote.dataset.savedText; })
      .catch(() => { pending = true; });
  };
  const later = (event) => { if (!ours(event)) return; pending = true; clearTimeout(timer); timer = setTimeout(keep, 2000); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => { pending = false; clearTimeout(timer); });
  const leave = () => {
    if (!autosaveUrl || !pending) return;
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

  // A conflict: 「相手の内容を使う」 puts the saved value into the field, to save or edit further.
  for (const button of document.querySelectorAll("[data-use-theirs]")) {
    button.addEventListener("click", () => {
      const name = button.dataset.useTheirs;
      if (button.dataset.kind === "choice") {
        for (const radio of form.querySelectorAll(`[name="${name}"]`)) radio.checked = radio.value === button.dataset.value;
        const select = form.querySelector(`select[name="${name}"]`);
        if (select) select.value = button.dataset.value;
      } else {
        const field = form.querySelector(`[name="${name}"]`);
        if (field) field.value = button.dataset.value;
      }
      form.dispatchEvent(new Event("change"));
      button.closest("[data-difference]").classList.replace("border-danger", "border-success");
    });
  }

  // Removing an entry is confirmed by portal.js; once confirmed, leaving the page is intended.
  for (const remove of document.querySelectorAll("form[data-confirm]")) {
    remove.addEventListener("submit", (event) => { if (!event.defaultPrevented) dirty = false; });
  }
})();
