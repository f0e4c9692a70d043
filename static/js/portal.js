// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can
// forbid inline script: a select marked data-submit-on-change submits its form when changed.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
