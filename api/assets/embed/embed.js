// The widget's behaviour; without it the page works as a plain page (the form submits itself).
// - Height: tells the page that frames the widget how tall its content is, so that the frame
//   can take that height (see /embed.js): on load and whenever the content's size changes. Our
//   message, {type: "cities-api:embed-height", height: <CSS pixels>}, and WordPress's, which
//   its oEmbed frames listen for ({message: "height", value, secret}, the secret from the
//   frame's #secret=), are both sent.
// - Filters apply with the "Show" button or Enter on a select, never on a mere change
//   (WCAG 3.2.2), so the keyboard can move through the options. A filter navigates the frame
//   itself (no form submission, which a sandboxed frame may not make) to the results, whose
//   heading takes the focus and whose count a live region announces.
// - In a sandboxed frame, links that leave the widget show their address to copy.
(function () {
  var form = document.querySelector("form.filters");
  if (form) {
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.tagName === "SELECT") {
        event.preventDefault();
        apply();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    // A sandboxed frame without allow-forms never fires "submit": the button applies itself.
    var button = form.querySelector("button");
    if (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        apply();
      });
    }
  }
  function apply() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") query.append(name, value);
    });
    var secret = location.hash.match(/secret=([^&]+)/);
    location.assign("?" + query + "#results" + (secret ? "&secret=" + secret[1] : ""));
  }
  if (/^#results/.test(location.hash)) {
    var heading = document.getElementById("results");
    var announcement = document.getElementById("announcement");
    if (heading) heading.focus();
    // A live region announces a change, not its first content: fill it once the page is read.
    if (heading && announcement) {
      setTimeout(function () { announcement.textContent = heading.textContent; }, 100);
    }
  }
  // In a frame sandboxed without allow-same-origin (WordPress's oEmbed frames: "allow-scripts"
  // only), the origin is opaque, and pop-ups, downloads and other schemes are blocked: a link
  // that leaves the widget shows its address to copy instead.
  if (window.origin === "null") {
    var label = document.body.getAttribute("data-copy") || "Copy this address";
    [].forEach.call(document.querySelectorAll("a.away"), function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var shown = link.nextElementSibling;
        if (!shown || !shown.classList.contains("copy")) {
          shown = document.createElement("label");
          shown.className = "copy";
          shown.textContent = label + " ";
          var field = document.createElement("input");
          field.readOnly = true;
          field.value = link.href;
          shown.appendChild(field);
          link.insertAdjacentElement("afterend", shown);
        }
        var input = shown.querySelector("input");
        input.focus();
        input.select();
      });
    });
  }
  if (window.parent === window) return;
  var last = 0;
  var wordpress = location.hash.match(/secret=([^&]+)/);
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "cities-api:embed-height", height: height }, "*");
    if (wordpress) window.parent.postMessage({ message: "height", value: height, secret: wordpress[1] }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  post();
})();
