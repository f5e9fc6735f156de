// The contact form (issue 13), progressive enhancement: the form works without it, and the
// server gives "geen bijzonderheden" the same meaning for questions left blank.
// - "Geen bijzonderheden" chooses the answers of a contact where all is well, and "bereikt";
//   the answers then fold away (still one tap to open and change), and choosing another
//   answer unticks "geen bijzonderheden".
// - "Niet bereikt" hides the questions and clears them: an attempt answers none.
(function () {
  "use strict";
  var form = document.querySelector(".zicht-contact-form");
  var data = document.getElementById("no-particulars");
  if (!form || !data) return;
  var answers = JSON.parse(data.textContent);
  var box = form.querySelector("input[name=no_particulars]");
  var questions = document.getElementById("contact-questions");
  var notReached = form.querySelector("input[name=reached][value=no]");
  var reached = form.querySelector("input[name=reached][value=yes]");

  function radio(name, value) {
    return form.querySelector("input[name='" + name + "'][value='" + value + "']");
  }
  function showQuestions() {
    var hide = notReached && notReached.checked;
    questions.hidden = hide;
    if (!hide) return;
    box.checked = false;
    // The veiligheidsvoorwaarden too: they are checked in a contact that took place.
    questions.querySelectorAll(".zicht-conditions-review input[type=radio]").forEach(function (r) { r.checked = false; });
    Object.keys(answers).forEach(function (name) {
      form.querySelectorAll("input[name='" + name + "']").forEach(function (r) { r.checked = false; });
    });
  }
  box.addEventListener("change", function () {
    if (!box.checked) return;
    Object.keys(answers).forEach(function (name) {
      var r = radio(name, answers[name]);
      if (r) r.checked = true;
    });
    if (reached) reached.checked = true;
    showQuestions();
    var fold = document.getElementById("contact-answers");
    if (fold) fold.open = false;
  });
  Object.keys(answers).forEach(function (name) {
    form.querySelectorAll("input[name='" + name + "']").forEach(function (r) {
      r.addEventListener("change", function () {
        if (r.checked && r.value !== answers[name]) box.checked = false;
      });
    });
  });
  form.querySelectorAll("input[name=reached]").forEach(function (r) {
    r.addEventListener("change", showQuestions);
  });
  showQuestions();
})();
