// After django-otp-webauthn saved a new passkey, show the list with it (the page is
// rendered by the server; no inline script under the CSP).
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
