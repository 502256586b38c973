// Posts the deep linking response back to the platform at once; the visible button is the
// fallback without JavaScript.
document.getElementById("lti-return")?.submit();
