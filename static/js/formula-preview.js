// Live preview of a formula as it will print: the server renders it (one parser, one look).
(function () {
  const input = document.querySelector("[data-formula-input]");
  const preview = document.getElementById("formula-preview");
  if (!input || !preview) return;
  const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
  let timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      const body = new URLSearchParams({ formula: input.value });
      fetch(preview.dataset.url, {
        method: "POST",
        headers: { "X-CSRFToken": token },
        body: body,
        credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (html) { preview.innerHTML = html; })
        .catch(function () {});
    }, 250);
  });
})();
