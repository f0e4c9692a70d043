// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can
// forbid inline script: a select marked data-submit-on-change submits its form when changed.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});

// The document settings: choosing another layout brings that layout's own columns when saved,
// so the column table of the old layout is switched off (and says so) instead of being saved
// with changes that would be lost.
document.addEventListener("change", (event) => {
  if (!event.target.matches('input[name="layout"]')) return;
  const table = document.querySelector("[data-columns-table]");
  const note = document.querySelector("[data-columns-note]");
  if (!table || !note) return;
  const changed = event.target.value !== table.dataset.layout;
  table.querySelectorAll("input, select").forEach((field) => { field.disabled = changed; });
  table.classList.toggle("opacity-50", changed);
  note.classList.toggle("d-none", !changed);
});
