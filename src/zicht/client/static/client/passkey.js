// After her phone made the passkey (django-otp-webauthn's script), on to the next page;
// the server answers where. Nothing is kept in the browser: the passkey is on her phone.
document.addEventListener("otp_webauthn.register_complete", function (event) {
  "use strict";
  var answer = event.detail && event.detail.response;
  window.location.assign((answer && answer.redirect_url) || "/mijn/welkom/");
});
