// Applies a filter as soon as it changes (the "Show" button does the same without script).
document.querySelectorAll("form.filters select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
