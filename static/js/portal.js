// Behaviour shared by every page, in a file rather than inline (the Content-Security-Policy allows
// no inline script): confirmations, self-submitting selects, and focus on an error summary.
(() => {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // A button that asks first (removing an entry submits the editor's form, with what was typed).
  for (const button of document.querySelectorAll("button[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  }
  for (const select of document.querySelectorAll("select[data-submit-on-change]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // GOV.UK pattern: the summary of what went wrong takes the focus, so it is read out first.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
// A check box that ticks or unticks every box of the same name in its form (the 変更箇所 proposal).
(() => {
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    all.addEventListener("change", () => {
      for (const box of all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`)) box.checked = all.checked;
    });
  }
})();
