// jixiao: small page behaviours beyond htmx.

// A form refused for an old security token (the user signed out and in again in another
// window) gets the session's current token from the server: put it into every form of the
// page, so the user's typing stays and the next press of the button goes through.
document.addEventListener("jixiaoCsrf", function (e) {
  var token = e.detail && e.detail.value;
  if (!token) return;
  document.querySelectorAll('input[name="_csrf"]').forEach(function (input) {
    input.value = token;
  });
});

// A form with data-confirm asks before it is sent (a step not easily undone: starting the next
// year, 通过).
document.addEventListener("submit", function (e) {
  var form = e.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    e.preventDefault();
    e.stopPropagation();
  }
}, true);

// What a filer types as an explanation (出错说明) is kept in this browser while they leave the
// page to fix an error, and offered again when they come back (a textarea with data-keep; a
// text the server already filled in wins).
document.querySelectorAll("textarea[data-keep]").forEach(function (t) {
  var key = "jixiao:" + t.getAttribute("data-keep");
  try {
    var kept = window.localStorage.getItem(key);
    if (!t.value && kept) t.value = kept;
  } catch (e) { /* storage refused: nothing kept */ }
  t.addEventListener("input", function () {
    try { window.localStorage.setItem(key, t.value); } catch (e) { /* as above */ }
  });
});
