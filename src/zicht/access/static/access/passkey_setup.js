// Once django-otp-webauthn saved her first passkey (and verified the session with it), on
// to the home page: Vandaag. No inline script under the CSP.
(() => {
  const next = document.currentScript.dataset.next || "/";
  document.addEventListener("otp_webauthn.register_complete", () => window.location.assign(next));
})();
