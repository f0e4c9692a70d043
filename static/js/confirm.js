// Buttons with data-confirm ask before they submit (deleting a sasaran deletes its IKU). A form
// with a field still to fill says so first (the browser's own check), before asking.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-confirm]");
  if (!button) return;
  if (button.form && !button.form.checkValidity()) {
    event.preventDefault();
    button.form.reportValidity();
    return;
  }
  if (!window.confirm(button.dataset.confirm)) event.preventDefault();
});
