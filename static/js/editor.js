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
  form.addEventListener("input", () => { dirty = true; if (note) note.hidden = false; });
  form.addEventListener("change", () => { dirty = true; if (note) note.hidden = false; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // Removing an entry is confirmed by portal.js; once confirmed, leaving the page is intended.
  for (const remove of document.querySelectorAll("form[data-confirm]")) {
    remove.addEventListener("submit", (event) => { if (!event.defaultPrevented) dirty = false; });
  }
})();
