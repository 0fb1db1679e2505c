// Embeds the programme widget of the EU-Japan 100 Cities API in an iframe that takes the height
// of its content: the widget posts its height on load, on every resize and after every filter
// ({type: "cities-api:embed-height", height}), and this script sets the frame's height from
// messages of that frame and that origin only. Options, as attributes of the script element:
// data-tz, data-day, data-theme, data-scheme, data-lang, data-title, and data-container (the id
// of the element the frame goes into).
// Where the frame goes: into data-container's element; else right after the script when the
// script is in <body>; else at the end of <body> once the document is parsed. Never into <head>
// (a CMS may put the snippet there). document.currentScript is null for async and module
// scripts: then every script element of this URL not yet mounted is mounted.
(function () {
  var source = document.currentScript;
  var scripts = source ? [source] : [].slice.call(document.querySelectorAll("script[src]")).filter(function (s) {
    return /\/embed\.js(\?|$)/.test(s.src);
  });
  scripts.forEach(function (script) {
    if (script.hasAttribute("data-cities-mounted")) return;
    script.setAttribute("data-cities-mounted", "");
    mount(script);
  });

  function mount(script) {
    var origin = new URL(script.src).origin;
    var query = new URLSearchParams();
    ["tz", "day", "theme", "scheme", "lang"].forEach(function (name) {
      var value = script.getAttribute("data-" + name);
      if (value) query.set(name, value);
    });
    var frame = document.createElement("iframe");
    frame.title = script.getAttribute("data-title") ||
      "Programme of the EU-Japan 100 Cities Event on Climate Action";
    frame.src = origin + "/embed" + (query.toString() ? "?" + query : "");
    frame.style.cssText = "border:0;width:100%;height:600px;display:block";
    frame.setAttribute("scrolling", "no");
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      if (!data || data.type !== "cities-api:embed-height" || typeof data.height !== "number") return;
      frame.style.height = Math.max(0, Math.ceil(data.height)) + "px";
    });
    var container = script.getAttribute("data-container");
    if (container) {
      whenParsed(function () {
        var target = document.getElementById(container);
        if (target) target.appendChild(frame);
        else console.warn("embed.js: no element has the id " + JSON.stringify(container) + " (data-container)");
      });
    } else if (document.body && document.body.contains(script)) {
      script.insertAdjacentElement("afterend", frame);
    } else {
      whenParsed(function () { document.body.appendChild(frame); });
    }
  }

  function whenParsed(then) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", then);
    else then();
  }
})();
